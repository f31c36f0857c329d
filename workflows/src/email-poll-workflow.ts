import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';

/** The schedule that polls the email channel's mailbox (docs/CHANNELS.md#email). */
export const EMAIL_POLL_SCHEDULE_ID = 'kyros-email-poll';

const { pollEmailInbox } = proxyActivities<ReturnType<typeof createActivities>>({
  // One poll handles at most a batch of messages; each is a short API call and an SMTP send.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  // The schedule fires again soon, and a retried poll finds handled messages already claimed.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** One poll of the mailbox, started by the `kyros-email-poll` schedule; answers what it did. */
export async function emailPollWorkflow() {
  return pollEmailInbox();
}
