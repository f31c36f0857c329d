import {
  CreateWebhookSubscriptionRequest,
  PatchWebhookSubscriptionRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookId,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookSubscriptionWithSecret,
} from '@kyros/contracts/schemas/webhooks';
import { AppError } from '../../errors/app-error.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { testFireWebhookSubscription } from '../operations/dispatch-webhook-events.ts';
import {
  listWebhookDeliveries,
  listWebhookSubscriptions,
  readWebhookSubscription,
} from '../operations/read-webhook-subscriptions.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  updateWebhookSubscription,
} from '../operations/write-webhook-subscription.ts';
import { toWebhookDelivery, toWebhookSubscription } from '../webhooks/webhook-representations.ts';
import { webhookAdminRoutes, WEBHOOK_TAGS } from './webhook-admin-routes.ts';

const BASE = '/channels/webhook-subscriptions';
const params = { id: pathId(WebhookId, 'Subscription') };

/** Outbound webhook subscriptions and their delivery log (admin; docs/CHANNELS.md). */
export function webhookSubscriptionRoutes(deps: ChannelsDeps): Route[] {
  const { prisma } = deps;
  const secretsKey = deps.webhooks?.secretsKey;
  const targets = deps.webhooks?.targets ?? { allowPrivate: false };
  return [
    ...webhookAdminRoutes(deps, {
      base: BASE,
      kind: 'webhook_subscription',
      nouns: { one: 'subscription', many: 'subscriptions' },
      schemas: {
        item: WebhookSubscription,
        list: WebhookSubscriptionList,
        created: WebhookSubscriptionWithSecret,
        create: CreateWebhookSubscriptionRequest,
        patch: PatchWebhookSubscriptionRequest,
      },
      summaries: {
        list: 'Every outbound subscription (never their secrets)',
        create: 'Subscribe a URL to event types (`*` for all); answers the signing secret once',
        createDescription:
          'Events appended from now on whose type matches are POSTed as `{type, timestamp, data}` with Standard Webhooks signature headers, by a Temporal workflow that retries with backoff.',
        get: 'One outbound subscription',
        patch: 'Change a subscription’s name, URL, event types or switch (audited)',
        delete: 'Delete a subscription and its delivery log (audited)',
        rotate: 'A new signing secret (answered once); every later attempt signs with it',
      },
      show: toWebhookSubscription,
      list: () => listWebhookSubscriptions({ prisma }),
      read: (id) => readWebhookSubscription({ prisma, id }),
      create: (context, request) =>
        createWebhookSubscription({
          ...context,
          secretsKey,
          targets,
          lastEventId: deps.eventLog.lastId,
          request,
        }),
      update: (context, id, patch) => updateWebhookSubscription({ ...context, id, patch, targets }),
      remove: (context, id) => deleteWebhookSubscription({ ...context, id }),
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/{id}/deliveries`,
      role: 'admin',
      tags: WEBHOOK_TAGS,
      summary: 'The delivery log: status, tries, last error, response code, latency',
      params,
      query: WebhookDeliveryQuery,
      responses: { 200: { description: 'Newest first', ...jsonContent(WebhookDeliveryList) } },
      async handle({ params: { id }, query }, { res }) {
        const rows = await listWebhookDeliveries({
          prisma,
          id,
          status: query.status,
          limit: query.limit,
        });
        res.json({ items: rows.map(toWebhookDelivery) });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{id}/test-fire`,
      role: 'admin',
      tags: WEBHOOK_TAGS,
      summary: 'Deliver a signed sample (`kyros.test`) to the subscription, like any event',
      params,
      responses: { 202: { description: 'The delivery, started', ...jsonContent(WebhookDelivery) } },
      async handle({ params: { id } }, { res }) {
        if (!deps.webhooks) throw new AppError('unavailable', 'Webhooks are not configured');
        const row = await testFireWebhookSubscription({ prisma, webhooks: deps.webhooks, id });
        res.status(202).json(toWebhookDelivery(row));
      },
    }),
  ];
}
