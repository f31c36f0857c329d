import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { LEASE_REAPER_SCHEDULE_ID } from '@kyros/workflows/task-workflow-api';
import { leaseReaperWorkflow } from '@kyros/workflows/lease-reaper-workflow';

/**
 * Creates the `kyros-lease-reaper` schedule (a reclaim sweep every 30 s) unless it exists. The API
 * owns every Temporal Schedule (docs/adr/0009): it calls this at start-up beside the job schedules'
 * reconcile; replicas race harmlessly, the first wins and the others find it already running.
 * Returns whether this call created it.
 */
export async function ensureLeaseReaperSchedule(
  client: Client,
  taskQueue: string,
  every: `${number} seconds` = '30 seconds',
): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: LEASE_REAPER_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: {
        type: 'startWorkflow',
        workflowType: leaseReaperWorkflow,
        taskQueue,
        workflowId: `${LEASE_REAPER_SCHEDULE_ID}-sweep`,
        workflowExecutionTimeout: '1 minute',
      },
      // A sweep still running when the next is due makes the next one redundant.
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw error;
  }
}
