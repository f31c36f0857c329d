/**
 * What clients share with the webhook delivery workflow. Safe to import outside workflow code; the
 * API starts it by function reference.
 */

/** One workflow per (subscription, event): starting it twice is refused by Temporal. */
export function webhookDeliveryWorkflowId(subscriptionId: string, eventId: number): string {
  return `webhook-${subscriptionId}-${eventId}`;
}

/** A test-fire has no event: its delivery row's id names it. */
export function webhookTestFireWorkflowId(deliveryId: string): string {
  return `webhook-test-${deliveryId}`;
}

export interface WebhookDeliveryInput {
  /** The `webhook_deliveries` row: subscription, payload, and the log of tries. */
  deliveryId: string;
}

export interface WebhookDeliveryOutcome {
  status: 'delivered' | 'failed';
  attempts: number;
}
