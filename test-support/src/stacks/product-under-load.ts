import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'vitest';
import { createKyrosClient, type CollabClient, type JobsClient } from '@kyros/contracts/client';
import {
  freeProductPorts,
  printedAdmin,
  startKyros,
  stopKyros,
  waitForOutput,
  type KyrosProcess,
} from './kyros-process.ts';
import { createTestDatabase, type TestDatabase } from '../database/test-database.ts';
import { testTemporalCli } from '../temporal/test-temporal.ts';

/**
 * The whole product as `npm start` runs it (embedded PostgreSQL, or a fresh database on
 * TEST_DATABASE_URL), signed in as its first admin, with a workspace of Markdown files for
 * `docs/format` runs: the stage for the soak and fault tests.
 */
export interface ProductUnderLoad {
  run: KyrosProcess;
  dataDir: string;
  workspace: string;
  apiUrl: string;
  temporalAddress: string;
  /** Set on the TEST_DATABASE_URL lane; undefined when npm start runs its embedded server. */
  externalDatabase: TestDatabase | undefined;
  jobs: JobsClient;
  collab: CollabClient;
  token: string;
  stop(): Promise<void>;
}

export const UNFORMATTED = '# Title\n\n*  one\n*  two\n\nSome   text.\n';
export const FORMATTED = '# Title\n\n- one\n- two\n\nSome text.\n';

export async function startProductUnderLoad(options: { files: number }): Promise<ProductUnderLoad> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-load-'));
  const workspace = path.join(dataDir, 'workspace');
  await mkdir(path.join(workspace, 'docs'), { recursive: true });
  for (let i = 0; i < options.files; i++) {
    await writeFile(path.join(workspace, 'docs', `load-${i}.md`), UNFORMATTED);
  }
  const externalDatabase = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const ports = await freeProductPorts();
  const run = startKyros({
    KYROS_DATA_DIR: dataDir,
    WORKSPACE_ROOT: workspace,
    TEMPORAL_CLI: await testTemporalCli(),
    ...(externalDatabase ? { DATABASE_URL: externalDatabase.url } : {}),
    ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
  });
  const stop = async () => {
    // It should still be running: if it stopped on its own, its output says why.
    if (run.child.exitCode !== null) console.info(`npm start had exited:\n${run.output()}`);
    await stopKyros(run);
    await externalDatabase?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForOutput(run, 'Kyros is ready in');
    const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
    const admin = printedAdmin(run);
    const { access_token: token } = await createKyrosClient({ baseUrl: apiUrl }).auth.login(
      admin.email,
      admin.password,
    );
    const { collab, jobs } = createKyrosClient({ baseUrl: apiUrl, credential: token });
    return {
      run,
      dataDir,
      workspace,
      apiUrl,
      temporalAddress: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`,
      externalDatabase,
      collab,
      jobs,
      token,
      stop,
    };
  } catch (error) {
    console.error(run.output());
    await stop();
    throw error;
  }
}

/** Starts `count` release-notes jobs at once; their ids. */
export async function startJobs(product: ProductUnderLoad, count: number): Promise<string[]> {
  const { items: presets } = await product.jobs.listPresets();
  const preset = presets.find((candidate) => candidate.name === 'release-notes');
  if (!preset) throw new Error('the release-notes preset was not seeded');
  const created = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      product.jobs.createJob({ preset_id: preset.id, input: { version: `9.${i}` } }),
    ),
  );
  return created.map((job) => job.id);
}

/** Creates one `docs/format` task per workspace file and starts every run at once; task ids. */
export async function startDocsFormatRuns(
  product: ProductUnderLoad,
  count: number,
): Promise<string[]> {
  const tasks = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      product.collab.createTask({
        title: `Format load-${i}.md`,
        executor: { name: 'docs/format', args: { glob: `docs/load-${i}.md` } },
      }),
    ),
  );
  await Promise.all(
    tasks.map(async ({ id }) => {
      const response = await fetch(`${product.apiUrl}/collab/tasks/${id}/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${product.token}` },
      });
      if (response.status !== 202) {
        throw new Error(`run ${id}: ${response.status} ${await response.text()}`);
      }
    }),
  );
  return tasks.map((task) => task.id);
}

/** `writers` concurrent clients each appending `perWriter` events; the acknowledged ids. */
export async function writeEvents(
  product: ProductUnderLoad,
  writers: number,
  perWriter: number,
  marker: string,
): Promise<number[]> {
  const acknowledged: number[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < perWriter; n++) {
        const { id } = await product.collab.appendEvent({
          // No actor: the credential decides it (docs/adr/0008).
          event: 'load_probe',
          target: `writer-${writer}`,
          details: { marker, writer, n },
        });
        acknowledged.push(id);
      }
    }),
  );
  return acknowledged;
}

/** Every event of the log (all pages). */
export async function readAllEvents(product: ProductUnderLoad) {
  const events = [];
  let after = 0;
  for (;;) {
    const page = await product.collab.listEvents({ after, limit: 1000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.next_after === after) return events;
    after = page.next_after;
  }
}

/** Polls until `check` answers true; fails with `describe()` after `boundMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  describe: () => Promise<string> | string,
  boundMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** How many of the jobs are in each status. */
export async function jobStatusCounts(
  product: ProductUnderLoad,
  jobIds: string[],
): Promise<Record<string, number>> {
  const wanted = new Set(jobIds);
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const page = await product.jobs.listJobs({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const job of page.items) {
      if (wanted.has(job.id)) counts[job.status] = (counts[job.status] ?? 0) + 1;
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return counts;
}

/** How many of the tasks are in each status. */
export async function taskStatusCounts(
  product: ProductUnderLoad,
  taskIds: string[],
): Promise<Record<string, number>> {
  const wanted = new Set(taskIds);
  const { data } = await product.collab.getState('tasks');
  const counts: Record<string, number> = {};
  for (const task of data.tasks) {
    if (wanted.has(task.id)) counts[task.status] = (counts[task.status] ?? 0) + 1;
  }
  return counts;
}

/** Accepts each job's first variant (all at once). */
export async function acceptFirstVariants(product: ProductUnderLoad, jobIds: string[]) {
  await Promise.all(
    jobIds.map(async (jobId) => {
      const { variants } = await product.jobs.getJob(jobId);
      const first = variants[0];
      if (!first) throw new Error(`job ${jobId} has no variant to accept`);
      await product.jobs.acceptVariant(jobId, first.id);
    }),
  );
}

/** Waits for each workflow's result; the outcomes, in order. */
export async function workflowResults(
  product: ProductUnderLoad,
  workflowIds: string[],
): Promise<unknown[]> {
  const connection = await Connection.connect({ address: product.temporalAddress });
  try {
    const client = new Client({ connection });
    return await Promise.all(
      workflowIds.map((id): Promise<unknown> => client.workflow.getHandle(id).result()),
    );
  } finally {
    await connection.close();
  }
}

/**
 * Failures Temporal recorded for the activities of these workflows: every retried attempt keeps
 * its last failure on the ActivityTaskStarted event, so this sees retries as well as final errors.
 */
export async function activityFailures(
  product: ProductUnderLoad,
  workflowIds: string[],
): Promise<{ workflowId: string; attempt: number; message: string }[]> {
  const connection = await Connection.connect({ address: product.temporalAddress });
  try {
    const client = new Client({ connection });
    const found: { workflowId: string; attempt: number; message: string }[] = [];
    for (const workflowId of workflowIds) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      for (const event of history.events ?? []) {
        const started = event.activityTaskStartedEventAttributes;
        if (started?.lastFailure) {
          found.push({
            workflowId,
            attempt: started.attempt ?? 0,
            message: describeFailure(started.lastFailure),
          });
        }
        const failed = event.activityTaskFailedEventAttributes;
        if (failed?.failure) {
          found.push({ workflowId, attempt: -1, message: describeFailure(failed.failure) });
        }
      }
    }
    return found;
  } finally {
    await connection.close();
  }
}

interface FailureLike {
  message?: string | null;
  cause?: FailureLike | null;
}

function describeFailure(failure: FailureLike): string {
  const messages: string[] = [];
  for (let current: FailureLike | null | undefined = failure; current; current = current.cause) {
    if (current.message) messages.push(current.message);
  }
  return messages.join(' <- ');
}

/** What a database fault looks like in an activity's failure message. */
export const DATABASE_ERROR =
  /database|postgres|prisma|P10\d\d|P20\d\d|08P01|ECONNREFUSED|connection/i;

export async function workspaceFile(product: ProductUnderLoad, i: number): Promise<string> {
  return readFile(path.join(product.workspace, 'docs', `load-${i}.md`), 'utf8');
}

/**
 * Every task workflow ended in `review` with its file formatted, exactly one
 * `executor_succeeded` and one `lease_released` each, and no lease left.
 */
export async function expectEveryTaskRunEndedOnce(
  product: ProductUnderLoad,
  taskIds: string[],
): Promise<void> {
  const outcomes = await workflowResults(
    product,
    taskIds.map((id) => `task-${id}`),
  );
  expect(outcomes.map((outcome) => (outcome as { outcome?: string }).outcome)).toEqual(
    taskIds.map(() => 'review'),
  );
  expect(await taskStatusCounts(product, taskIds)).toEqual({ review: taskIds.length });
  for (let i = 0; i < taskIds.length; i++) {
    expect(await workspaceFile(product, i)).toBe(FORMATTED);
  }
  expect((await product.collab.getState('locks')).data.leases).toEqual([]);
  const events = await readAllEvents(product);
  for (const taskId of taskIds) {
    const ofTask = events.filter((e) => e.target === taskId || e.details.task_id === taskId);
    const count = (name: string) => ofTask.filter((e) => e.event === name).length;
    expect([count('executor_succeeded'), count('lease_released')], taskId).toEqual([1, 1]);
  }
}
