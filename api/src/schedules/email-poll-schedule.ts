import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
} from '@temporalio/client';
import { EMAIL_POLL_SCHEDULE_ID, emailPollWorkflow } from '@kyros/workflows/email-poll-workflow';

/**
 * The email channel's poll schedule (docs/CHANNELS.md#email), reconciled with the configuration
 * at API start-up beside the lease reaper (the API owns every schedule, docs/adr/0009): created
 * every `pollSeconds` when the channel is configured, its interval updated when it changed,
 * deleted when the channel is off. Answers what it did.
 */
export async function reconcileEmailPollSchedule(
  client: Client,
  taskQueue: string,
  pollSeconds: number | undefined,
): Promise<'created' | 'updated' | 'unchanged' | 'deleted' | 'absent'> {
  const handle = client.schedule.getHandle(EMAIL_POLL_SCHEDULE_ID);
  if (pollSeconds === undefined) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'absent';
      throw error;
    }
  }
  const every = `${pollSeconds} seconds` as const;
  try {
    await client.schedule.create({
      scheduleId: EMAIL_POLL_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: {
        type: 'startWorkflow',
        workflowType: emailPollWorkflow,
        taskQueue,
        workflowId: `${EMAIL_POLL_SCHEDULE_ID}-run`,
        workflowExecutionTimeout: '10 minutes',
      },
      // A poll still running when the next is due makes the next one redundant.
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const current = await handle.describe();
  const interval = current.spec.intervals?.[0]?.every;
  if (current.spec.intervals?.length === 1 && interval === pollSeconds * 1000) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every }] } }));
  return 'updated';
}
