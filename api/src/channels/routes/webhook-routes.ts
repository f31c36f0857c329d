import express from 'express';
import { ApiCommandResponse } from '@kyros/contracts/schemas/channels';
import {
  CreateInboundWebhookRequest,
  InboundTestFireRequest,
  InboundTestFireResponse,
  InboundWebhook,
  InboundWebhookList,
  InboundWebhookWithSecret,
  PatchInboundWebhookRequest,
  WebhookId,
  WebhookSignatureHeaders,
} from '@kyros/contracts/schemas/webhooks';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { renderJson, renderPlainText } from '../domain/reply-renderers.ts';
import { createInboundWebhook } from '../operations/create-inbound-webhook.ts';
import type { HandledCommand } from '../operations/handle-command.ts';
import { markReplyStatus } from '../operations/handle-command.ts';
import { listInboundWebhooks, readInboundWebhook } from '../operations/read-inbound-webhooks.ts';
import { receiveWebhook } from '../operations/receive-webhook.ts';
import { testFireInboundWebhook } from '../operations/test-fire-inbound-webhook.ts';
import {
  deleteInboundWebhook,
  updateInboundWebhook,
} from '../operations/update-inbound-webhook.ts';
import { toInboundWebhook } from '../webhooks/webhook-representations.ts';
import { webhookAdminRoutes, WEBHOOK_TAGS } from './webhook-admin-routes.ts';

const params = { id: pathId(WebhookId, 'Webhook') };
/** Text commands are short; a JSON body is bounded by the app's JSON parser. */
const textBody = express.text({ type: 'text/plain', limit: '16kb' });

/** `/channels/webhooks`: the signed inbound endpoint and its admin CRUD (docs/CHANNELS.md). */
export function webhookRoutes(deps: ChannelsDeps, rateLimits: ChannelRateLimiter): Route[] {
  const { prisma } = deps;
  const secretsKey = deps.webhooks?.secretsKey;
  const show = (row: Parameters<typeof toInboundWebhook>[0]) =>
    toInboundWebhook(row, deps.publicUrl);
  return [
    defineRoute({
      method: 'post',
      path: '/channels/webhooks/{id}',
      role: 'public',
      tags: WEBHOOK_TAGS,
      summary: 'Run one command sent by a signed inbound webhook (Standard Webhooks)',
      description:
        'No credential: the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers (HMAC-SHA256 over `id.timestamp.body` with the webhook’s secret) are the credential. The body is the command as `text/plain`, or JSON `{"text": …}` / `{"command": {…}}`. It runs as the principal an admin bound the webhook to. 401: bad signature or a timestamp more than 5 minutes off; 409: a `webhook-id` already received; 403: disabled; 429: over KYROS_CHANNEL_RATE_LIMIT_WEBHOOK for the bound principal (audited). Refusals write nothing else.',
      params,
      headers: WebhookSignatureHeaders,
      before: [textBody],
      responses: { 200: { description: 'The reply', ...jsonContent(ApiCommandResponse) } },
      async handle({ params: { id }, headers }, { req, res }) {
        const handled = await receiveWebhook({
          deps,
          webhookId: id,
          rawBody: typeof req.body === 'string' ? req.body : (req.rawBody ?? ''),
          contentType: req.get('content-type'),
          headers,
          requestId: requestIdOf(req),
          rateLimit: (principal) => rateLimits.consume('webhook', principal),
        });
        res.on('finish', () => settle(deps, handled.commandId, 'sent'));
        res.on('close', () => {
          if (!res.writableFinished) settle(deps, handled.commandId, 'failed');
        });
        res.json(commandResponse(handled));
      },
    }),
    ...webhookAdminRoutes(deps, {
      base: '/channels/webhooks',
      kind: 'webhook',
      nouns: { one: 'webhook', many: 'webhooks' },
      schemas: {
        item: InboundWebhook,
        list: InboundWebhookList,
        created: InboundWebhookWithSecret,
        create: CreateInboundWebhookRequest,
        patch: PatchInboundWebhookRequest,
      },
      summaries: {
        list: 'Every inbound webhook (never their secrets)',
        create: 'Create an inbound webhook bound to a user or an API key; answers its secret once',
        get: 'One inbound webhook',
        patch: 'Rename, enable or disable an inbound webhook (audited)',
        delete: 'Delete an inbound webhook (audited); its URL then answers 404',
        rotate: 'A new secret (answered once); the old one is refused from now on',
      },
      show,
      list: () => listInboundWebhooks({ prisma }),
      read: (id) => readInboundWebhook({ prisma, id }),
      create: (context, request) => createInboundWebhook({ ...context, secretsKey, request }),
      update: (context, id, patch) => updateInboundWebhook({ ...context, id, patch }),
      remove: (context, id) => deleteInboundWebhook({ ...context, id }),
    }),
    defineRoute({
      method: 'post',
      path: '/channels/webhooks/{id}/test-fire',
      role: 'admin',
      tags: WEBHOOK_TAGS,
      summary: 'Send the webhook a sample signed with its own secret (default command: help)',
      description:
        'Runs through the same verification and executor as a sender’s message, as the bound principal, and is recorded.',
      params,
      body: { schema: InboundTestFireRequest, required: false },
      responses: {
        200: { description: 'What the webhook answered', ...jsonContent(InboundTestFireResponse) },
      },
      async handle({ params: { id }, body }, { req, res }) {
        const handled = await testFireInboundWebhook({
          deps,
          id,
          text: body.text,
          requestId: requestIdOf(req),
        });
        await markReplyStatus(deps, handled.commandId, 'sent');
        res.json({ webhook_id: id, response: commandResponse(handled) });
      },
    }),
  ];
}

function commandResponse(handled: HandledCommand) {
  return ApiCommandResponse.parse({
    command_id: handled.commandId,
    reply: renderJson(handled.reply),
    text: renderPlainText(handled.reply),
  });
}

function settle(deps: ChannelsDeps, commandId: string, status: 'sent' | 'failed'): void {
  markReplyStatus(deps, commandId, status).catch((error: unknown) =>
    deps.logger.warn({ err: error, commandId }, 'reply status not recorded'),
  );
}
