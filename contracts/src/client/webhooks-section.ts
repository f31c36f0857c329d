import type { z } from 'zod';
import {
  CreateInboundWebhookRequest,
  CreateWebhookSubscriptionRequest,
  InboundTestFireResponse,
  InboundWebhook,
  InboundWebhookList,
  InboundWebhookMessageList,
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

/** The CRUD every webhook resource shares: list, get, create (with its secret once), patch, delete, rotate. */
function webhookResource<
  Item extends z.ZodType,
  List extends z.ZodType<{ items: z.infer<Item>[] }>,
  Created extends z.ZodType,
  Create extends z.ZodType,
  Patch,
>(
  core: RequestCore,
  base: string,
  schemas: { item: Item; list: List; created: Created; create: Create },
) {
  const at = (id: string, suffix = '') => `${base}/${segment(id)}${suffix}`;
  return {
    list: async () => (await core.json('GET', base, schemas.list)).items,
    get: (id: string) => core.json('GET', at(id), schemas.item),
    /** Answers the secret once. */
    create: (request: z.input<Create>) =>
      core.json('POST', base, schemas.created, { body: request }),
    update: (id: string, patch: Patch) => core.json('PATCH', at(id), schemas.item, { body: patch }),
    delete: (id: string) => core.empty('DELETE', at(id)),
    /** A new secret, answered once; the old one stops working. */
    rotateSecret: (id: string) => core.json('POST', at(id, '/rotate-secret'), RotatedWebhookSecret),
  };
}

/**
 * Inbound webhooks and outbound subscriptions (admin; docs/CHANNELS.md). Senders do not use this:
 * they sign their POSTs to `/channels/webhooks/{id}` with the webhook's secret.
 */
export function createWebhooksSection(core: RequestCore) {
  const at = (base: string, id: string, suffix: string) => `${base}/${segment(id)}${suffix}`;
  return {
    inbound: {
      ...webhookResource<
        typeof InboundWebhook,
        typeof InboundWebhookList,
        typeof InboundWebhookWithSecret,
        typeof CreateInboundWebhookRequest,
        PatchInboundWebhookRequest
      >(core, INBOUND, {
        item: InboundWebhook,
        list: InboundWebhookList,
        created: InboundWebhookWithSecret,
        create: CreateInboundWebhookRequest,
      }),
      /** The delivery log, newest first: accepted messages and what each ran. */
      messages: async (id: string, query: { limit?: number } = {}) => {
        const suffix = query.limit === undefined ? '' : `?limit=${query.limit}`;
        const path = at(INBOUND, id, `/messages${suffix}`);
        return (await core.json('GET', path, InboundWebhookMessageList)).items;
      },
      /** A sample signed with the webhook's own secret; runs `text` (default `help`). */
      testFire: (id: string, text?: string) =>
        core.json('POST', at(INBOUND, id, '/test-fire'), InboundTestFireResponse, {
          body: text === undefined ? {} : { text },
        }),
    },
    subscriptions: {
      ...webhookResource<
        typeof WebhookSubscription,
        typeof WebhookSubscriptionList,
        typeof WebhookSubscriptionWithSecret,
        typeof CreateWebhookSubscriptionRequest,
        PatchWebhookSubscriptionRequest
      >(core, OUTBOUND, {
        item: WebhookSubscription,
        list: WebhookSubscriptionList,
        created: WebhookSubscriptionWithSecret,
        create: CreateWebhookSubscriptionRequest,
      }),
      /** The delivery log, newest first. */
      deliveries: async (
        id: string,
        query: { status?: WebhookDelivery['status']; limit?: number } = {},
      ) => {
        const search = new URLSearchParams();
        if (query.status) search.set('status', query.status);
        if (query.limit !== undefined) search.set('limit', String(query.limit));
        const suffix = search.size > 0 ? `?${search.toString()}` : '';
        const path = at(OUTBOUND, id, `/deliveries${suffix}`);
        return (await core.json('GET', path, WebhookDeliveryList)).items;
      },
      /** Starts a signed `kyros.test` delivery; follow it in `deliveries`. */
      testFire: (id: string) => core.json('POST', at(OUTBOUND, id, '/test-fire'), WebhookDelivery),
    },
  };
}

export type WebhooksSection = ReturnType<typeof createWebhooksSection>;
