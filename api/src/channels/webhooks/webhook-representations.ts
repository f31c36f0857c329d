import type {
  InboundWebhook,
  InboundWebhookMessage,
  WebhookBinding,
  WebhookDelivery,
  WebhookSubscription,
} from '@kyros/contracts/schemas/webhooks';
import type {
  InboundWebhook as InboundWebhookRow,
  WebhookDelivery as WebhookDeliveryRow,
  WebhookSubscription as WebhookSubscriptionRow,
} from '@kyros/db/client';
import type { InboundWebhookMessageRow } from '../operations/read-inbound-webhooks.ts';

/** Where senders POST an inbound webhook's commands. */
export function inboundWebhookUrl(publicUrl: string, id: string): string {
  return new URL(`/channels/webhooks/${id}`, publicUrl).href;
}

export function bindingOf(
  row: Pick<InboundWebhookRow, 'actsAsUserId' | 'actsAsApiKeyId'>,
): WebhookBinding {
  return row.actsAsUserId
    ? { user_id: row.actsAsUserId }
    : { api_key_id: row.actsAsApiKeyId ?? '' };
}

/** An `inbound_webhooks` row as the wire shows it (never the secret). */
export function toInboundWebhook(row: InboundWebhookRow, publicUrl: string): InboundWebhook {
  return {
    id: row.id,
    name: row.name,
    url: inboundWebhookUrl(publicUrl, row.id),
    acts_as: bindingOf(row),
    enabled: row.enabled,
    created_by: row.createdBy,
    secret_rotated_at: row.secretRotatedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toWebhookSubscription(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    event_types: row.eventTypes,
    enabled: row.enabled,
    after_event_id: row.afterEventId,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    subscription_id: row.subscriptionId,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    last_status_code: row.lastStatusCode,
    latency_ms: row.latencyMs,
    workflow_id: row.workflowId,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A delivery-log entry: the accepted message and the recorded command it ran. */
export function toInboundWebhookMessage(row: InboundWebhookMessageRow): InboundWebhookMessage {
  const { command } = row;
  return {
    message_id: row.messageId,
    received_at: row.receivedAt.toISOString(),
    command: command && {
      id: command.id,
      text: command.rawText,
      outcome: command.outcome,
      title: replyTitleOf(command.result),
      latency_ms: command.latencyMs,
      reply_status: command.replyStatus,
    },
  };
}

/** The stored reply's title (`channel_commands.result` holds the reply as JSON). */
function replyTitleOf(result: unknown): string {
  const title = (result as { title?: unknown } | null)?.title;
  return typeof title === 'string' ? title : '';
}
