import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'vitest';
import { FORMATTED, readAllEvents, type ProductUnderLoad } from './product-under-load.ts';

// What the soak and fault tests check once the product under load has settled: counts by status,
// workflow outcomes, the failures Temporal recorded, and that every task run ended exactly once.

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
