import type { ChannelCommand, ChannelReply } from '@kyros/contracts/schemas/channels';
import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { resolveActingIdentity, type ActingIdentity } from '../../auth/acting-identity.ts';
import { roleAtLeast, type Principal } from '../../auth/principal.ts';
import { decideTransition } from '../../collab/domain/task-state-machine.ts';
import { approveTask } from '../../collab/operations/approve-task.ts';
import { cancelTaskRun } from '../../collab/operations/cancel-task-run.ts';
import { readTask } from '../../collab/operations/read-task.ts';
import { startTaskRun } from '../../collab/operations/start-task-run.ts';
import { temporalUiLink } from '../../collab/operations/task-run-deps.ts';
import { transitionTask } from '../../collab/operations/transition-task.ts';
import { AppError } from '../../errors/app-error.ts';
import type { JobsDeps } from '../../jobs/jobs-deps.ts';
import { acceptVariant } from '../../jobs/operations/accept-variant.ts';
import { createJob } from '../../jobs/operations/create-job.ts';
import { exportVariant } from '../../jobs/operations/export-variant.ts';
import { findPresetByName } from '../../jobs/operations/find-preset.ts';
import { readJob } from '../../jobs/operations/read-job.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { COMMAND_ROLES } from '../domain/command-roles.ts';
import { helpReply, okReply } from '../domain/command-replies.ts';

export interface ExecuteCommandOptions {
  deps: ChannelsDeps;
  command: ChannelCommand;
  /** The channel's principal: who the credential says is asking (docs/adr/0008). */
  principal: Principal;
  channel: string;
  requestId?: string | undefined;
}

const LISTED_TASKS = 25;
const EXPORT_CONTENT_MAX = 16 * 1024;

/**
 * Runs one parsed command through the same operations the REST routes call, with the role the
 * route would ask for and the identity the credential acts as. Refusals are thrown as AppError,
 * exactly as the routes raise them; the caller turns them into replies.
 */
export async function executeCommand(options: ExecuteCommandOptions): Promise<ChannelReply> {
  const { deps, command, principal, channel } = options;
  const needed = COMMAND_ROLES[command.command];
  if (!roleAtLeast(principal.role, needed)) {
    throw new AppError(
      'forbidden',
      `"${command.command}" needs the ${needed} role or stronger; ${principal.actor} is ${principal.role}`,
    );
  }
  const { store } = deps;
  const taskLink = (id: string) => ({
    label: 'Open the board',
    url: `${deps.consoleUrl.replace(/\/+$/, '')}/tasks?task=${encodeURIComponent(id)}`,
  });
  switch (command.command) {
    case 'claim':
    case 'transition': {
      const to = command.command === 'claim' ? 'claimed' : command.to;
      const identity = identityFor(principal, command.task);
      const moved = await transitionTask({
        store,
        id: command.task,
        request: { to, reason: `via channel ${channel}` },
        identity,
        ifMatch: undefined,
        fencingToken: undefined,
      });
      return okReply(command, `${command.task} moved ${moved.old_status} → ${moved.new_status}`, {
        fields: [
          { name: 'Status', value: moved.new_status },
          { name: 'By', value: identity.actor },
        ],
        links: [taskLink(command.task)],
        data: moved,
      });
    }
    case 'run': {
      const started = await startTaskRun({ store, runs: taskRunsOf(deps), id: command.task });
      return okReply(command, `${command.task} is running as workflow ${started.workflow_id}`, {
        fields: [{ name: 'Run', value: started.run_id }],
        links: [{ label: 'Temporal UI', url: started.temporal_ui_url }, taskLink(command.task)],
        data: started,
      });
    }
    case 'cancel': {
      const cancelled = await cancelTaskRun({ store, runs: taskRunsOf(deps), id: command.task });
      return okReply(command, `Cancellation of ${cancelled.workflow_id} requested`, {
        lines: ['The executor stops, the task goes back to queued and its lease is released.'],
        links: [taskLink(command.task)],
        data: cancelled,
      });
    }
    case 'approve': {
      const approved = await approveTask({
        store,
        id: command.task,
        identity: identityFor(principal, command.task),
        version: command.version,
        via: `channel ${channel}`,
      });
      return okReply(command, `${command.task} approved at version ${approved.approved_version}`, {
        fields: [
          { name: 'Status', value: approved.new_status },
          { name: 'Approved version', value: String(approved.approved_version) },
        ],
        links: [taskLink(command.task)],
        data: approved,
      });
    }
    case 'status':
      return taskStatusReply(deps, command);
    case 'tasks':
      return taskListReply(deps, command);
    case 'start_job':
    case 'accept_job':
    case 'export_job':
      return jobCommand({ ...options, command, jobs: jobsOf(deps) });
    case 'help':
      return helpReply();
  }
}

function taskStatusReply(
  deps: ChannelsDeps,
  command: Extract<ChannelCommand, { command: 'status' }>,
): ChannelReply {
  const { task, etag } = readTask(deps.store, command.task);
  const links = [
    {
      label: 'Open the board',
      url: `${deps.consoleUrl.replace(/\/+$/, '')}/tasks?task=${encodeURIComponent(task.id)}`,
    },
  ];
  if (task.executor && deps.taskRuns) {
    links.push({
      label: 'Temporal UI',
      url: temporalUiLink(deps.taskRuns, taskWorkflowId(task.id)),
    });
  }
  return okReply(command, `${task.id}: ${task.title}`, {
    fields: [
      { name: 'Status', value: task.status },
      { name: 'Assignee', value: task.assignee ?? '—' },
      { name: 'Version', value: String(task.version) },
      { name: 'Priority', value: task.priority },
      ...(task.dependencies.length > 0
        ? [{ name: 'Depends on', value: task.dependencies.join(', ') }]
        : []),
    ],
    links,
    data: { task, etag },
  });
}

function taskListReply(
  deps: ChannelsDeps,
  command: Extract<ChannelCommand, { command: 'tasks' }>,
): ChannelReply {
  const { tasks } = deps.store.tasks.doc;
  const lookup = (id: string) => tasks.find((task) => task.id === id);
  const matching = tasks.filter((task: Task) =>
    command.filter === 'ready'
      ? task.status === 'queued' && decideTransition(task, 'claimed', lookup).allowed
      : task.status === command.filter,
  );
  const what = command.filter === 'ready' ? 'ready to claim' : `in ${command.filter}`;
  const shown = matching.slice(0, LISTED_TASKS);
  return okReply(command, `${matching.length} task${matching.length === 1 ? '' : 's'} ${what}`, {
    lines: [
      ...shown.map((task) => `${task.id} [${task.priority}] ${task.title}`),
      ...(matching.length > shown.length ? [`… and ${matching.length - shown.length} more`] : []),
    ],
    data: {
      tasks: matching.map((task) => ({ id: task.id, title: task.title, status: task.status })),
    },
  });
}

async function jobCommand(
  options: ExecuteCommandOptions & {
    command: Extract<ChannelCommand, { command: 'start_job' | 'accept_job' | 'export_job' }>;
    jobs: JobsDeps;
  },
): Promise<ChannelReply> {
  const { deps, command, principal, jobs, requestId } = options;
  const jobLink = (id: string) => ({
    label: 'Open the job',
    url: `${deps.consoleUrl.replace(/\/+$/, '')}/jobs/${encodeURIComponent(id)}`,
  });
  switch (command.command) {
    case 'start_job': {
      const preset = await findPresetByName(jobs.prisma, command.preset);
      const { job, workflowId } = await createJob({
        deps: jobs,
        request: { preset_id: preset.id, input: command.input },
        principal,
        requestId,
      });
      return okReply(command, `Job ${job.id} started from ${preset.name}`, {
        fields: [
          { name: 'Workflow', value: workflowId },
          { name: 'Variants', value: String(job.variantCount) },
        ],
        links: [jobLink(job.id)],
        data: { id: job.id, status: job.status, workflow_id: workflowId },
      });
    }
    case 'accept_job': {
      const { variants } = await readJob(jobs.prisma, command.job);
      const variant = variants.find((each) => each.ordinal === command.variant);
      if (!variant) {
        throw new AppError(
          'not_found',
          `Job ${command.job} has no variant ${command.variant} (it has ${variants.length})`,
        );
      }
      const accepted = await acceptVariant({
        deps: jobs,
        jobId: command.job,
        variantId: variant.id,
        principal,
        requestId,
      });
      return okReply(command, `Variant ${command.variant} of job ${command.job} accepted`, {
        lines: ['The job exports it next: export job <id> fetches the file.'],
        fields: [{ name: 'Job phase', value: String(accepted.phase) }],
        links: [jobLink(command.job)],
        data: { job_id: command.job, variant_id: variant.id, status: accepted.phase },
      });
    }
    case 'export_job': {
      const { variants } = await readJob(jobs.prisma, command.job);
      const chosen = variants.find(
        (each) => each.status === 'accepted' || each.status === 'exported',
      );
      if (!chosen) {
        throw new AppError(
          'conflict',
          `Job ${command.job} has no accepted variant yet: accept job ${command.job} variant <n>`,
        );
      }
      const exported = await exportVariant({
        deps: jobs,
        variantId: chosen.id,
        principal,
        requestId,
      });
      const { artifact } = exported;
      return okReply(command, `Export of job ${command.job}: ${artifact.filename}`, {
        lines: artifact.text.split('\n').slice(0, 12),
        fields: [{ name: 'Media type', value: artifact.mediaType }],
        links: [jobLink(command.job)],
        data: {
          job_id: command.job,
          variant_id: chosen.id,
          workflow_id: jobWorkflowId(command.job),
          filename: artifact.filename,
          media_type: artifact.mediaType,
          content: artifact.text.slice(0, EXPORT_CONTENT_MAX),
          truncated: artifact.text.length > EXPORT_CONTENT_MAX,
        },
      });
    }
  }
}

/** The identity a collaboration write is made as: the credential's own (never a body's). */
function identityFor(principal: Principal, taskId: string): ActingIdentity {
  const decision = resolveActingIdentity(principal, { workflowId: taskWorkflowId(taskId) });
  if (!decision.ok) {
    throw new AppError('identity_mismatch', decision.message, {
      body: { reason: decision.reason, credential: principal.actor },
    });
  }
  return { actor: decision.actor };
}

function taskRunsOf(deps: ChannelsDeps) {
  if (!deps.taskRuns) throw new AppError('unavailable', 'Task runs are not available on this API');
  return deps.taskRuns;
}

function jobsOf(deps: ChannelsDeps): JobsDeps {
  if (!deps.jobs) throw new AppError('unavailable', 'Jobs are not available on this API');
  return deps.jobs;
}
