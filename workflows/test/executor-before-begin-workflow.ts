import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import type { TaskWorkflowInput } from '../src/task-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

const asActivity = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes' });
const inWorker = proxyLocalActivities<Activities>({ startToCloseTimeout: '5 minutes' });

/**
 * A broken edit of `taskWorkflow`'s two newest paths, for the negative replay test only: it runs
 * the executor (in the worker when the input asks, as the real one does) before `beginTaskRun`
 * took the lease. Recorded histories must refuse to replay on it.
 */
export async function taskWorkflow({ taskId, executorInWorker }: TaskWorkflowInput): Promise<void> {
  // Same start as the real one (that path's patch marker), so only the missing lease differs.
  patched(executorInWorker ? 'executor-in-worker-when-asked' : 'task-run-begin-in-one-step');
  await (executorInWorker ? inWorker : asActivity).runTaskExecutor({
    taskId,
    executor: { name: 'docs/format', args: {} },
    lease: { lockId: 'none', fencingToken: 0, holder: 'none', ttlSeconds: 60 },
  });
}
