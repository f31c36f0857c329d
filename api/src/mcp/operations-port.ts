import { ClaimTaskRequest } from '@kyros/contracts/schemas/collab-dispatch';
import type { EventFilter } from '@kyros/contracts/schemas/collab-events';
import { KyrosProblemError, type KyrosPort } from '@kyros/mcp/kyros-port';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { defaultActor, type IdentityClaim } from '../auth/acting-identity.ts';
import { roleAtLeast, type Principal, type Role } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import { problemFor } from '../http/problem-middleware.ts';
import { resolveResumePoint } from '../collab/events/resolve-resume-point.ts';
import { matchesEventFilter } from '../collab/events/event-filter.ts';
import type { CollabEventLog } from '../collab/events/collab-event-log.ts';
import { waitForEvents } from '../collab/events/wait-for-events.ts';
import { actingIdentityFor } from '../collab/http/acting-identity.ts';
import { appendEvent } from '../collab/operations/append-event.ts';
import { checkConflicts } from '../collab/operations/check-conflicts.ts';
import { claimTask } from '../collab/operations/claim-task.ts';
import { createTask } from '../collab/operations/create-task.ts';
import { heartbeatLease } from '../collab/operations/heartbeat-lease.ts';
import { nextTask } from '../collab/operations/next-task.ts';
import { patchTask } from '../collab/operations/patch-task.ts';
import { readTask } from '../collab/operations/read-task.ts';
import { releaseLease } from '../collab/operations/release-lease.ts';
import { transitionTask } from '../collab/operations/transition-task.ts';
import type { CollabStore } from '../collab/store/open-collab-store.ts';
import { cancelTaskRun } from '../collab/operations/cancel-task-run.ts';
import { startTaskRun } from '../collab/operations/start-task-run.ts';
import type { TaskRunDeps } from '../collab/operations/task-run-deps.ts';
import { exportBody, jobBody, variantBody } from '../jobs/job-representations.ts';
import type { JobsDeps } from '../jobs/jobs-deps.ts';
import { acceptVariant } from '../jobs/operations/accept-variant.ts';
import { createJob } from '../jobs/operations/create-job.ts';
import { exportVariant } from '../jobs/operations/export-variant.ts';
import { findVariant } from '../jobs/operations/find-job.ts';
import { readJob } from '../jobs/operations/read-job.ts';
import { updateVariant } from '../jobs/operations/update-variant.ts';
import { CreateJobRequest } from '@kyros/contracts/schemas/jobs';

export interface OperationsPortDeps {
  store: CollabStore;
  log: CollabEventLog;
  /** Temporal access for run_task / cancel_task; without it those tools answer 503. */
  taskRuns?: TaskRunDeps | undefined;
  /** Jobs, variants and export; without it the job tools answer 503. */
  jobs?: JobsDeps | undefined;
  /** Told about errors that are not refusals (500s), which the REST path would log. */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * The MCP tools' {@link KyrosPort} inside the API: the same operations the REST routes call, in
 * process, as the session's principal — with the checks the routes make before them (role, acting
 * identity from the credential) and every refusal rendered as the problem+json REST would send.
 */
export function operationsPort(
  deps: OperationsPortDeps,
  /** The session's principal as of its latest request (same id; its role may have changed). */
  principalNow: () => Principal,
): KyrosPort {
  const { store, log } = deps;
  /** The collaboration routes' rule: viewers read, agents and stronger write (docs/AUTH.md). */
  const writer = (claim: IdentityClaim = {}) => {
    const principal = principalNow();
    requireRole(principal, 'agent');
    return actingIdentityFor(principal, claim);
  };
  const port: KyrosPort = {
    actingIdentity: () => Promise.resolve(defaultActor(principalNow())),
    readTasks: () => Promise.resolve({ data: store.tasks.doc, etag: store.tasks.etag }),
    getTask: (id) => Promise.resolve(readTask(store, id)),
    createTask: (request) =>
      createTask({ store, request, ifNoneMatch: undefined, actor: writer().actor }),
    patchTask: (id, patch, write) =>
      patchTask({
        store,
        id,
        patch,
        ifMatch: write.ifMatch,
        fencingToken: write.fencingToken,
        actor: writer().actor,
      }),
    transitionTask: (id, request, write) =>
      transitionTask({
        store,
        id,
        request,
        identity: writer({ workflowId: taskWorkflowId(id) }),
        ifMatch: undefined,
        fencingToken: write.fencingToken,
      }),
    nextTask: (filter) => Promise.resolve(nextTask({ store, labels: filter.labels })),
    claimTask: (id, request) =>
      claimTask({
        store,
        id,
        request: ClaimTaskRequest.parse(request),
        identity: writer({ workflowId: taskWorkflowId(id) }),
      }),
    readLeases: () => Promise.resolve({ data: store.locks.doc, etag: store.locks.etag }),
    checkConflicts: (resources) => Promise.resolve(checkConflicts({ store, resources })),
    heartbeatLease: (lockId, request) =>
      heartbeatLease({ store, lockId, request, identity: writer() }),
    releaseLease: (lockId, request) =>
      releaseLease({ store, lockId, identity: writer(), details: request.details }),
    appendEvent: async (request) => {
      const taskId = request.details?.task_id;
      const identity = writer({
        workflowId: typeof taskId === 'string' ? taskWorkflowId(taskId) : undefined,
      });
      const { event, target, details } = request;
      const appended = await appendEvent({
        log,
        request: { event, target, details: details ?? {} },
        identity,
      });
      return { ok: true, id: appended.id };
    },
    readEvents: async (options) =>
      waitForEvents(log, {
        start: await resolveResumePoint({ after: options.after ?? 0 }, log),
        filter: filterOf(options),
        limit: options.limit ?? 100,
        waitMs: (options.wait ?? 0) * 1000,
        // The wait is bounded by waitMs, and by the log's shutdown.
        signal: new AbortController().signal,
      }),
    latestEvents: async (options) => {
      const page = await log.readLatest(filterOf(options), options.limit ?? 100);
      return { events: page.events, next_after: page.nextAfter };
    },
    followEvents: (filter, onEvent) =>
      log.subscribe((events) => {
        for (const event of events) if (matchesEventFilter(event, filter)) onEvent(event);
      }),
    runTask: (id) => {
      writer({ workflowId: taskWorkflowId(id) });
      return startTaskRun({ store, runs: available(deps.taskRuns, 'task runs'), id });
    },
    cancelTask: (id) => {
      writer({ workflowId: taskWorkflowId(id) });
      return cancelTaskRun({ store, runs: available(deps.taskRuns, 'task runs'), id });
    },
    // The jobs routes' rule: viewers read, operators and admins change (docs/JOBS.md).
    startJob: async (request) => {
      const { job, workflowId } = await createJob({
        deps: jobsFor('operator'),
        request: CreateJobRequest.parse(request),
        principal: principalNow(),
        requestId: undefined,
      });
      return { id: job.id, status: 'queued', workflow_id: workflowId };
    },
    getJob: async (id) => {
      const { job, variants } = await readJob(jobsFor('viewer').prisma, id);
      return { job: jobBody(job), variants: variants.map(variantBody) };
    },
    getVariant: async (id) => variantBody(await findVariant(jobsFor('viewer').prisma, id)),
    editVariant: async (id, request, write) =>
      variantBody(
        await updateVariant({
          deps: jobsFor('operator'),
          id,
          request,
          ifMatch: write.ifMatch,
          principal: principalNow(),
          requestId: undefined,
        }),
      ),
    acceptVariant: async (jobId, variantId) => {
      const result = await acceptVariant({
        deps: jobsFor('operator'),
        jobId,
        variantId,
        principal: principalNow(),
        requestId: undefined,
      });
      return { job_id: jobId, variant_id: result.variantId, status: result.phase };
    },
    exportVariant: async (variantId) =>
      exportBody(
        await exportVariant({
          deps: jobsFor('operator'),
          variantId,
          principal: principalNow(),
          requestId: undefined,
        }),
      ),
  };
  function jobsFor(minimum: Role): JobsDeps {
    requireRole(principalNow(), minimum);
    return available(deps.jobs, 'jobs');
  }
  return withProblems(port, deps.onUnexpectedError);
}

function available<T>(deps: T | undefined, what: string): T {
  if (deps === undefined) throw new AppError('unavailable', `This API serves no ${what}`);
  return deps;
}

function requireRole(principal: Principal, minimum: Role): void {
  if (roleAtLeast(principal.role, minimum)) return;
  throw new AppError(
    'forbidden',
    `This needs the ${minimum} role or stronger; ${principal.actor} is ${principal.role}`,
  );
}

function filterOf(filter: EventFilter): EventFilter {
  return {
    ...(filter.task ? { task: filter.task } : {}),
    ...(filter.agent ? { agent: filter.agent } : {}),
    ...(filter.type ? { type: filter.type } : {}),
  };
}

/**
 * Every error a method throws (synchronously too: the reads answer from memory) or rejects with
 * becomes the problem+json REST would answer.
 */
function withProblems(
  port: KyrosPort,
  onUnexpectedError: ((error: unknown) => void) | undefined,
): KyrosPort {
  const wrapped = { ...port };
  for (const key of Object.keys(port) as (keyof KyrosPort)[]) {
    if (key === 'followEvents') continue;
    const method = port[key] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[key] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        const problem = problemFor(error, { instance: `/mcp#${key}` });
        if (problem.status >= 500) onUnexpectedError?.(error);
        throw new KyrosProblemError(problem);
      }
    };
  }
  return wrapped;
}
