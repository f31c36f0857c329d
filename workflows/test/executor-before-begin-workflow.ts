import { patched, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import type { TaskWorkflowInput } from '../src/task-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

const { runTaskExecutor } = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes' });

/**
 * A broken edit of `taskWorkflow`'s newest path, for the negative replay test only: it runs the
 * executor before `beginTaskRun` took the lease. Recorded histories must refuse to replay on it.
 */
export async function taskWorkflow({ taskId }: TaskWorkflowInput): Promise<void> {
  // Same start as the real one (patch marker), so only the missing lease differs.
  patched('task-run-begin-in-one-step');
  await runTaskExecutor({
    taskId,
    executor: { name: 'docs/format', args: {} },
    lease: { lockId: 'none', fencingToken: 0, holder: 'none', ttlSeconds: 60 },
  });
}
