import type { z } from 'zod';
import {
  CreateInboundWebhookRequest,
  CreateWebhookSubscriptionRequest,
  InboundTestFireResponse,
  InboundWebhook,
  InboundWebhookList,
  InboundWebhookWithSecret,
  RotatedWebhookSecret,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookSubscriptionWithSecret,
  type PatchInboundWebhookRequest,
  type PatchWebhookSubscriptionRequest,
} from '../schemas/webhooks.ts';
import { segment, type RequestCore } from './request-core.ts';

const INBOUND = '/channels/webhooks';
const OUTBOUND = '/channels/webhook-subscriptions';

/**
 * Inbound webhooks and outbound subscriptions (admin; docs/CHANNELS.md). Senders do not use this:
 * they sign their POSTs to `/channels/webhooks/{id}` with the webhook's secret.
 */
export function createWebhooksSection(core: RequestCore) {
  return {
    inbound: {
      list: async () => (await core.json('GET', INBOUND, InboundWebhookList)).items,
      get: (id: string) => core.json('GET', `${INBOUND}/${segment(id)}`, InboundWebhook),
      /** Answers the secret once. */
      create: (request: z.input<typeof CreateInboundWebhookRequest>) =>
        core.json('POST', INBOUND, InboundWebhookWithSecret, { body: request }),
      update: (id: string, patch: PatchInboundWebhookRequest) =>
        core.json('PATCH', `${INBOUND}/${segment(id)}`, InboundWebhook, { body: patch }),
      delete: (id: string) => core.empty('DELETE', `${INBOUND}/${segment(id)}`),
      rotateSecret: (id: string) =>
        core.json('POST', `${INBOUND}/${segment(id)}/rotate-secret`, RotatedWebhookSecret),
      /** A sample signed with the webhook's own secret; runs `text` (default `help`). */
      testFire: (id: string, text?: string) =>
        core.json('POST', `${INBOUND}/${segment(id)}/test-fire`, InboundTestFireResponse, {
          body: text === undefined ? {} : { text },
        }),
    },
    subscriptions: {
      list: async () => (await core.json('GET', OUTBOUND, WebhookSubscriptionList)).items,
      get: (id: string) => core.json('GET', `${OUTBOUND}/${segment(id)}`, WebhookSubscription),
      /** Answers the signing secret once. */
      create: (request: z.input<typeof CreateWebhookSubscriptionRequest>) =>
        core.json('POST', OUTBOUND, WebhookSubscriptionWithSecret, { body: request }),
      update: (id: string, patch: PatchWebhookSubscriptionRequest) =>
        core.json('PATCH', `${OUTBOUND}/${segment(id)}`, WebhookSubscription, { body: patch }),
      delete: (id: string) => core.empty('DELETE', `${OUTBOUND}/${segment(id)}`),
      rotateSecret: (id: string) =>
        core.json('POST', `${OUTBOUND}/${segment(id)}/rotate-secret`, RotatedWebhookSecret),
      deliveries: async (
        id: string,
        query: { status?: WebhookDelivery['status']; limit?: number } = {},
      ) => {
        const search = new URLSearchParams();
        if (query.status) search.set('status', query.status);
        if (query.limit !== undefined) search.set('limit', String(query.limit));
        const suffix = search.size > 0 ? `?${search.toString()}` : '';
        return (
          await core.json(
            'GET',
            `${OUTBOUND}/${segment(id)}/deliveries${suffix}`,
            WebhookDeliveryList,
          )
        ).items;
      },
      /** Starts a signed `kyros.test` delivery; follow it in `deliveries`. */
      testFire: (id: string) =>
        core.json('POST', `${OUTBOUND}/${segment(id)}/test-fire`, WebhookDelivery),
    },
  };
}

export type WebhooksSection = ReturnType<typeof createWebhooksSection>;
