import { proxyActivities } from '@temporalio/workflow';
import type { baselineActivities } from './baseline-activities.ts';

// The collab activities' options in the task workflow, so only the activities' work differs.
const { trivialStep } = proxyActivities<typeof baselineActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** The bench's bare workflow: `activities` trivial activities, one after another. */
export async function benchBaselineWorkflow(activities: number): Promise<number> {
  let total = 0;
  for (let step = 0; step < activities; step += 1) total += await trivialStep(step);
  return total;
}
