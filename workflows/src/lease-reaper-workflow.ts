import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';

const { reclaimStaleLeases } = proxyActivities<ReturnType<typeof createActivities>>({
  // A sweep is one API call, but on a loaded machine it queued past 10 s and timed out (issue 10's
  // soak): 25 s stays under the schedule's 30 s period. Activity options are not part of what a
  // replay compares, so sweeps already running replay unchanged without a patch.
  startToCloseTimeout: '25 seconds',
  // The schedule fires again soon; a failed sweep need not be retried for long.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * One sweep of the stale-lease reaper, started by the `kyros-lease-reaper` schedule. It reclaims
 * as itself: the worker's key acts only as `workflow:<id>` (docs/adr/0008).
 */
export async function leaseReaperWorkflow(): Promise<{ reclaimed: number }> {
  const actor = `workflow:${workflowInfo().workflowId}`;
  return { reclaimed: await reclaimStaleLeases(actor) };
}
