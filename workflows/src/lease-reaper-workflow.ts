import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';

const { reclaimStaleLeases } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  // The schedule fires again soon; a failed sweep need not be retried for long.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** One sweep of the stale-lease reaper, started by the `kyros-lease-reaper` schedule. */
export async function leaseReaperWorkflow(): Promise<{ reclaimed: number }> {
  return { reclaimed: await reclaimStaleLeases('schedule:kyros-lease-reaper') };
}
