import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import type { TaskWorkflowInput } from '../src/task-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

const { loadTaskPlan } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
const { runTaskExecutor } = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes' });

/**
 * A broken edit of `taskWorkflow`, for the negative replay test only: it runs the executor right
 * after loading the plan, before the lease. Recorded histories must refuse to replay on it.
 */
export async function taskWorkflow({ taskId }: TaskWorkflowInput): Promise<void> {
  // Same start as the real one (patch marker, plan), so only the reordering differs.
  patched('collab-steps-local');
  const plan = await loadTaskPlan(taskId);
  await runTaskExecutor({
    taskId,
    executor: plan.executor,
    lease: { lockId: 'none', fencingToken: 0, holder: 'none', ttlSeconds: 60 },
  });
}
