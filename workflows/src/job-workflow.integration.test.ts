import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '@kyros/contracts/schemas/jobs';
import type { createActivities } from '@kyros/activities/activities';
import { createTimeSkippingTestEnv, workflowBundle } from '../test/workflow-test-env.ts';
import { acceptUpdate, jobProgressQuery, jobWorkflowId } from './job-workflow-api.ts';
import { jobWorkflow } from './job-workflow.ts';

type JobActivities = Pick<
  ReturnType<typeof createActivities>,
  'setJobStatus' | 'generateJobVariants' | 'acceptJobVariant' | 'exportJobVariant'
>;

/** One job's row, in memory: the statuses the workflow's activities wrote, in order. */
function jobRow() {
  const row = {
    status: 'queued' as JobStatus,
    statuses: [] as JobStatus[],
    accepted: [] as string[],
  };
  const activities: JobActivities = {
    setJobStatus: ({ to }) => {
      const from = row.status;
      row.status = to;
      row.statuses.push(to);
      return Promise.resolve({ from, to });
    },
    generateJobVariants: () => Promise.resolve({ variantIds: ['v1', 'v2'] }),
    acceptJobVariant: ({ variantId }) => {
      row.accepted.push(variantId);
      return Promise.resolve();
    },
    exportJobVariant: ({ jobId, variantId }) =>
      Promise.resolve({ exportPath: `jobs/${jobId}/${variantId}.md` }),
  };
  return { row, activities };
}

// The review timeout is seven days of workflow time: on Temporal's time-skipping test server
// those days pass as soon as nothing else is left to happen.
describe('jobWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(activities: JobActivities, run: (taskQueue: string) => Promise<T>) {
    const taskQueue = `job-workflow-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    return worker.runUntil(run(taskQueue));
  }

  const start = (taskQueue: string, jobId = randomUUID()) =>
    env.client.workflow.start(jobWorkflow, {
      taskQueue,
      workflowId: jobWorkflowId(jobId),
      args: [{ jobId }],
    });

  it('expires after the default seven-day review with no accept', async () => {
    const { row, activities } = jobRow();
    const outcome = await withWorker(activities, async (taskQueue) =>
      (await start(taskQueue)).result(),
    );

    expect(outcome).toEqual({ outcome: 'expired' });
    expect(row.statuses).toEqual(['generating', 'awaiting_review', 'expired']);
  });

  it('an accept on day six, before the timeout, exports that variant and ends done', async () => {
    const { row, activities } = jobRow();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue);
      while ((await handle.query(jobProgressQuery)).phase !== 'awaiting_review') {
        await env.sleep('1 second');
      }
      await env.sleep('6 days');
      await handle.executeUpdate(acceptUpdate, { args: [{ variantId: 'v2', actor: 'user:ada' }] });
      return handle.result();
    });

    expect(outcome).toMatchObject({ outcome: 'done', acceptedVariantId: 'v2' });
    expect(row.accepted).toEqual(['v2']);
    expect(row.statuses).toEqual(['generating', 'awaiting_review', 'exporting', 'done']);
  });

  it('refuses an accept of a variant that is not the job’s, and the job still expires', async () => {
    const { row, activities } = jobRow();
    const refusal = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue);
      while ((await handle.query(jobProgressQuery)).phase !== 'awaiting_review') {
        await env.sleep('1 second');
      }
      const refused = await handle
        .executeUpdate(acceptUpdate, { args: [{ variantId: 'other', actor: 'user:ada' }] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      await handle.result();
      return refused;
    });

    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'VariantNotOfJob' });
    expect(row.accepted).toEqual([]);
    expect(row.status).toBe('expired');
  });
});
