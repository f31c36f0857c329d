import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import { refusals } from '@kyros/contracts/failures';
import type { SlackReplyInput, SlackReplyOutcome } from './slack-reply-workflow-api.ts';

type Activities = ReturnType<typeof createActivities>;

// Slack keeps a response_url for 30 minutes: eight attempts backing off to a minute span about
// four, well inside it. A 4xx (expired URL, refused blocks) is final at once.
const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes: refusals('SlackReplyRefused'),
  },
});

const accounting = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 20,
    nonRetryableErrorTypes: refusals('NoDatabase'),
  },
});

/**
 * Posts one slash command's reply to Slack's `response_url`, retried by Temporal, then records on
 * the command's row whether it arrived (`sent`) or not (`failed`).
 */
export async function slackReplyWorkflow(input: SlackReplyInput): Promise<SlackReplyOutcome> {
  let outcome: SlackReplyOutcome = { status: 'sent' };
  try {
    await delivery.postSlackReply({ responseUrl: input.responseUrl, message: input.message });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    outcome = { status: 'failed', error: error.cause?.message ?? error.message };
  }
  await accounting.recordChannelReplyStatus({
    commandId: input.commandId,
    status: outcome.status,
  });
  return outcome;
}
