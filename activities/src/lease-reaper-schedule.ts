import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { ServicesConfig } from '@kyros/contracts/config';
import {
  LEASE_REAPER_SCHEDULE_ID,
  LEASE_REAPER_WORKFLOW_TYPE,
} from '@kyros/workflows/task-workflow-api';

/**
 * Creates the `kyros-lease-reaper` schedule (a reclaim sweep every 30 s) unless it exists: every
 * worker calls this at start-up, the first one wins, the others find it already running.
 * Returns whether this call created it.
 */
export async function ensureLeaseReaperSchedule(
  temporal: ServicesConfig['temporal'],
  every: `${number} seconds` = '30 seconds',
): Promise<boolean> {
  const connection = await Connection.connect({
    address: temporal.address,
    tls: temporal.tls,
    apiKey: temporal.apiKey,
  });
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    await client.schedule.create({
      scheduleId: LEASE_REAPER_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: {
        type: 'startWorkflow',
        workflowType: LEASE_REAPER_WORKFLOW_TYPE,
        taskQueue: temporal.taskQueue,
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
  } finally {
    await connection.close();
  }
}
