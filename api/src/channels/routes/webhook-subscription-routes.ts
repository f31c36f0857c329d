import type { Request } from 'express';
import {
  CreateWebhookSubscriptionRequest,
  PatchWebhookSubscriptionRequest,
  RotatedWebhookSecret,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookId,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookSubscriptionWithSecret,
} from '@kyros/contracts/schemas/webhooks';
import { principalOf } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { testFireWebhookSubscription } from '../operations/dispatch-webhook-events.ts';
import {
  listWebhookDeliveries,
  listWebhookSubscriptions,
  readWebhookSubscription,
} from '../operations/read-webhook-subscriptions.ts';
import { rotateWebhookSecret } from '../operations/rotate-webhook-secret.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  updateWebhookSubscription,
} from '../operations/write-webhook-subscription.ts';
import { toWebhookDelivery, toWebhookSubscription } from '../webhooks/webhook-representations.ts';

const TAGS = ['Channels: webhooks'];
const BASE = '/channels/webhook-subscriptions';
const params = { id: pathId(WebhookId, 'Subscription') };

/** Outbound webhook subscriptions and their delivery log (admin; docs/CHANNELS.md). */
export function webhookSubscriptionRoutes(deps: ChannelsDeps): Route[] {
  const { prisma, audit } = deps;
  const secretsKey = deps.webhooks?.secretsKey;
  const targets = deps.webhooks?.targets ?? { allowPrivate: false };
  const context = (req: Request) => ({
    prisma,
    audit,
    principal: principalOf(req),
    requestId: requestIdOf(req),
  });
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      role: 'admin',
      tags: TAGS,
      summary: 'Every outbound subscription (never their secrets)',
      responses: {
        200: { description: 'The subscriptions', ...jsonContent(WebhookSubscriptionList) },
      },
      async handle(_input, { res }) {
        res.json({
          items: (await listWebhookSubscriptions({ prisma })).map(toWebhookSubscription),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: BASE,
      role: 'admin',
      tags: TAGS,
      summary: 'Subscribe a URL to event types (`*` for all); answers the signing secret once',
      description:
        'Events appended from now on whose type matches are POSTed as `{type, timestamp, data}` with Standard Webhooks signature headers, by a Temporal workflow that retries with backoff.',
      body: { schema: CreateWebhookSubscriptionRequest },
      responses: { 201: { description: 'Created', ...jsonContent(WebhookSubscriptionWithSecret) } },
      async handle({ body }, { req, res }) {
        const { row, secret } = await createWebhookSubscription({
          ...context(req),
          secretsKey,
          targets,
          lastEventId: deps.eventLog.lastId,
          request: body,
        });
        res.status(201).set('Cache-Control', 'no-store').location(`${BASE}/${row.id}`);
        res.json({ ...toWebhookSubscription(row), secret });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/{id}`,
      role: 'admin',
      tags: TAGS,
      summary: 'One outbound subscription',
      params,
      responses: { 200: { description: 'The subscription', ...jsonContent(WebhookSubscription) } },
      async handle({ params: { id } }, { res }) {
        res.json(toWebhookSubscription(await readWebhookSubscription({ prisma, id })));
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${BASE}/{id}`,
      role: 'admin',
      tags: TAGS,
      summary: 'Change a subscription’s name, URL, event types or switch (audited)',
      params,
      body: { schema: PatchWebhookSubscriptionRequest },
      responses: { 200: { description: 'The subscription', ...jsonContent(WebhookSubscription) } },
      async handle({ params: { id }, body }, { req, res }) {
        res.json(
          toWebhookSubscription(
            await updateWebhookSubscription({ ...context(req), id, patch: body, targets }),
          ),
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/{id}`,
      role: 'admin',
      tags: TAGS,
      summary: 'Delete a subscription and its delivery log (audited)',
      params,
      responses: { 204: { description: 'Deleted' } },
      async handle({ params: { id } }, { req, res }) {
        await deleteWebhookSubscription({ ...context(req), id });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{id}/rotate-secret`,
      role: 'admin',
      tags: TAGS,
      summary: 'A new signing secret (answered once); every later attempt signs with it',
      params,
      responses: { 200: { description: 'The new secret', ...jsonContent(RotatedWebhookSecret) } },
      async handle({ params: { id } }, { req, res }) {
        const rotated = await rotateWebhookSecret({
          ...context(req),
          secretsKey,
          kind: 'webhook_subscription',
          id,
        });
        res.set('Cache-Control', 'no-store').json({
          id: rotated.id,
          secret: rotated.secret,
          secret_rotated_at: rotated.rotatedAt.toISOString(),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/{id}/deliveries`,
      role: 'admin',
      tags: TAGS,
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
      tags: TAGS,
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
