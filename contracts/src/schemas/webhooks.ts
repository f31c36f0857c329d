import { z } from 'zod';
import { ApiCommandResponse, CommandOutcome, MAX_COMMAND_TEXT } from './channels.ts';
import { EventName } from './collab-events.ts';

/**
 * Webhook channels (docs/CHANNELS.md): inbound webhooks that carry commands, signed the Standard
 * Webhooks way, and outbound subscriptions that deliver events, signed the same way.
 */

export const WebhookId = z.uuid().meta({ id: 'WebhookId', description: 'A uuid.' });

/** Whom an inbound webhook acts as: one user, or one API key (a key bound to an agent is that agent). */
export const WebhookBinding = z
  .union([z.strictObject({ user_id: z.uuid() }), z.strictObject({ api_key_id: z.uuid() })])
  .meta({ id: 'WebhookBinding' });
export type WebhookBinding = z.infer<typeof WebhookBinding>;

const WebhookName = z.string().trim().min(1).max(100);
const Timestamp = z.iso.datetime();

export const CreateInboundWebhookRequest = z
  .strictObject({ name: WebhookName, acts_as: WebhookBinding, enabled: z.boolean().default(true) })
  .meta({ id: 'CreateInboundWebhookRequest' });
export type CreateInboundWebhookRequest = z.infer<typeof CreateInboundWebhookRequest>;

export const PatchInboundWebhookRequest = z
  .strictObject({ name: WebhookName.optional(), enabled: z.boolean().optional() })
  .meta({ id: 'PatchInboundWebhookRequest' });
export type PatchInboundWebhookRequest = z.infer<typeof PatchInboundWebhookRequest>;

export const InboundWebhook = z
  .strictObject({
    id: WebhookId,
    name: z.string(),
    /** Where senders POST: `<api>/channels/webhooks/<id>`. */
    url: z.string(),
    acts_as: WebhookBinding,
    enabled: z.boolean(),
    created_by: z.string(),
    secret_rotated_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'InboundWebhook' });
export type InboundWebhook = z.infer<typeof InboundWebhook>;

/** Create and rotate answer the secret once; it is never shown again. */
export const WebhookSecret = z
  .string()
  .meta({ description: 'The Standard Webhooks secret (`whsec_…`); shown only in this answer.' });

export const InboundWebhookWithSecret = InboundWebhook.extend({ secret: WebhookSecret }).meta({
  id: 'InboundWebhookWithSecret',
});

export const InboundWebhookList = z
  .strictObject({ items: z.array(InboundWebhook) })
  .meta({ id: 'InboundWebhookList' });

export const InboundTestFireRequest = z
  .strictObject({ text: z.string().min(1).max(MAX_COMMAND_TEXT).default('help') })
  .meta({ id: 'InboundTestFireRequest' });

/** What the webhook answered to its own signed sample. */
export const InboundTestFireResponse = z
  .strictObject({ webhook_id: z.string(), response: ApiCommandResponse })
  .meta({ id: 'InboundTestFireResponse' });

/**
 * One message an inbound webhook accepted: its delivery log. Refusals (bad signature, replay,
 * disabled, rate limit) are never stored, so they are not in it.
 */
export const InboundWebhookMessage = z
  .strictObject({
    /** The sender's `webhook-id`; a test-fire's starts with `msg_test_`. */
    message_id: z.string(),
    received_at: Timestamp,
    /** The `channel_commands` row it ran as; null while it runs, or if it could not be recorded. */
    command: z
      .strictObject({
        id: z.uuid(),
        text: z.string(),
        outcome: CommandOutcome,
        /** The reply's one-line title. */
        title: z.string(),
        latency_ms: z.number().int(),
        /** Whether the reply reached the sender (the HTTP response finished). */
        reply_status: z.enum(['pending', 'sent', 'failed']),
      })
      .nullable(),
  })
  .meta({ id: 'InboundWebhookMessage' });
export type InboundWebhookMessage = z.infer<typeof InboundWebhookMessage>;

export const InboundWebhookMessageList = z
  .strictObject({ items: z.array(InboundWebhookMessage) })
  .meta({ id: 'InboundWebhookMessageList' });

export const InboundWebhookMessageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An event type to deliver, or `*` for every event. */
export const WebhookEventType = z.union([z.literal('*'), EventName]);

export const CreateWebhookSubscriptionRequest = z
  .strictObject({
    name: WebhookName,
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
    event_types: z.array(WebhookEventType).min(1).max(50),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateWebhookSubscriptionRequest' });
export type CreateWebhookSubscriptionRequest = z.infer<typeof CreateWebhookSubscriptionRequest>;

export const PatchWebhookSubscriptionRequest = z
  .strictObject({
    name: WebhookName.optional(),
    url: CreateWebhookSubscriptionRequest.shape.url.optional(),
    event_types: CreateWebhookSubscriptionRequest.shape.event_types.optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'PatchWebhookSubscriptionRequest' });
export type PatchWebhookSubscriptionRequest = z.infer<typeof PatchWebhookSubscriptionRequest>;

export const WebhookSubscription = z
  .strictObject({
    id: WebhookId,
    name: z.string(),
    url: z.string(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    /** Events up to this id predate the subscription and are never delivered. */
    after_event_id: z.number().int(),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const WebhookSubscriptionWithSecret = WebhookSubscription.extend({
  secret: WebhookSecret,
}).meta({ id: 'WebhookSubscriptionWithSecret' });

export const WebhookSubscriptionList = z
  .strictObject({ items: z.array(WebhookSubscription) })
  .meta({ id: 'WebhookSubscriptionList' });

export const RotatedWebhookSecret = z
  .strictObject({ id: WebhookId, secret: WebhookSecret, secret_rotated_at: Timestamp })
  .meta({ id: 'RotatedWebhookSecret' });

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

/** One row of the delivery log. */
export const WebhookDelivery = z
  .strictObject({
    id: z.uuid(),
    subscription_id: WebhookId,
    /** The event delivered; null for a test-fire. */
    event_id: z.number().int().nullable(),
    event_type: z.string(),
    status: WebhookDeliveryStatus,
    /** POSTs made so far. */
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    /** Of the last attempt, ms. */
    latency_ms: z.number().int().nullable(),
    /** The Temporal workflow that delivers it. */
    workflow_id: z.string(),
    delivered_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z
  .strictObject({ items: z.array(WebhookDelivery) })
  .meta({ id: 'WebhookDeliveryList' });

export const WebhookDeliveryQuery = z.strictObject({
  status: WebhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The body every outbound delivery carries (the Standard Webhooks payload convention). */
export const WebhookPayload = z
  .strictObject({ type: z.string(), timestamp: Timestamp, data: z.unknown() })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The signed headers the inbound route reads. */
export const WebhookSignatureHeaders = z.object({
  'webhook-id': z.string().max(200).optional(),
  'webhook-timestamp': z.string().max(20).optional(),
  'webhook-signature': z.string().max(2000).optional(),
});
