import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';
import { refusals } from '@kyros/contracts/failures';
import type { WebhookDeliveryInput, WebhookDeliveryOutcome } from './webhook-delivery-api.ts';

type Activities = ReturnType<typeof createActivities>;

// One POST per attempt. Backoff 2 s, 4 s, 8 s … capped at 5 minutes, 12 attempts: about half an
// hour of a subscriber being down, then the delivery is logged as failed. A gone delivery is final.
const send = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: refusals('WebhookDeliveryGone'),
  },
});

const record = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/**
 * Delivers one event to one subscription: each attempt signs afresh (a new `webhook-timestamp`,
 * the same `webhook-id`) and records itself in the delivery log; when the retries run out the
 * delivery is marked failed.
 */
export async function webhookDeliveryWorkflow(
  input: WebhookDeliveryInput,
): Promise<WebhookDeliveryOutcome> {
  try {
    const attempts = await send.deliverWebhook(input.deliveryId);
    return { status: 'delivered', attempts };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const attempts = await record.markWebhookDeliveryFailed(input.deliveryId);
    return { status: 'failed', attempts };
  }
}
