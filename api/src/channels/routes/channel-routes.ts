import {
  ApiCommandRequest,
  ApiCommandResponse,
  ChannelListResponse,
  ChannelName,
  ChannelStatus,
  PatchChannelRequest,
  WsTicketResponse,
} from '@kyros/contracts/schemas/channels';
import { principalOf } from '../../auth/principal.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import { DEFAULT_WEB_SOCKET_SETTINGS, type ChannelsDeps } from '../channels-deps.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { renderJson, renderPlainText } from '../domain/reply-renderers.ts';
import { handleCommand, markReplyStatus } from '../operations/handle-command.ts';
import { listChannels } from '../operations/list-channels.ts';
import { updateChannel } from '../operations/update-channel.ts';
import { issueWsTicket } from '../operations/ws-tickets.ts';

const TAGS = ['Channels'];

/** `/channels`: the hub's status, its switches, the API channel and WebSocket tickets. */
export function channelRoutes(deps: ChannelsDeps, rateLimits: ChannelRateLimiter): Route[] {
  const { prisma } = deps;
  const configured = {
    slack: deps.slack !== undefined,
    email: deps.email !== undefined,
    webhook: Boolean(deps.webhooks?.secretsKey),
  };
  const ticketTtlSeconds =
    deps.webSocket?.ticketTtlSeconds ?? DEFAULT_WEB_SOCKET_SETTINGS.ticketTtlSeconds;
  return [
    defineRoute({
      method: 'get',
      path: '/channels',
      role: 'viewer',
      tags: TAGS,
      summary: 'Every channel: configured, enabled, command counts, p50 latency, last activity',
      description:
        'Viewer and up. Counts are over every recorded command; the median latency over the last 1,000 of each channel.',
      responses: { 200: { description: 'The channels', ...jsonContent(ChannelListResponse) } },
      async handle(_input, { res }) {
        res.json(ChannelListResponse.parse({ items: await listChannels({ prisma, configured }) }));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/channels/{name}',
      role: 'admin',
      tags: TAGS,
      summary: 'Enable or disable a channel (admin; audited)',
      description:
        'A disabled channel refuses every command (recorded with code `channel_disabled`).',
      params: { name: pathId(ChannelName, 'Channel') },
      body: { schema: PatchChannelRequest },
      responses: { 200: { description: 'The channel', ...jsonContent(ChannelStatus) } },
      async handle({ params, body }, { req, res }) {
        await updateChannel({
          prisma,
          audit: deps.audit,
          name: params.name,
          enabled: body.enabled,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        const channel = (await listChannels({ prisma, configured })).find(
          (each) => each.name === params.name,
        );
        res.json(ChannelStatus.parse(channel));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/channels/api/commands',
      // Every role may send; each command then needs the role its REST route needs.
      role: 'viewer',
      before: [rateLimits.http('api')],
      tags: TAGS,
      summary: 'Run one command of the channel language (docs/CHANNELS.md)',
      description:
        '`{"text": "move T-101 to review"}` (pattern, JSON or plain language) or `{"command": {…}}`. Runs as the credential’s principal with the role the REST route needs. 200 whatever the outcome: `reply.outcome` is `ok`, `refused` (with the closest commands) or `failed`. Every command is recorded (`channel_commands`, `channel_command` event).',
      body: { schema: ApiCommandRequest },
      responses: { 200: { description: 'The reply', ...jsonContent(ApiCommandResponse) } },
      async handle({ body }, { req, res }) {
        const { commandId, reply } = await handleCommand({
          deps,
          channel: 'api',
          principal: principalOf(req),
          input: 'text' in body ? { text: body.text } : { command: body.command },
          requestId: requestIdOf(req),
        });
        let settled = false;
        const settle = (status: 'sent' | 'failed') => {
          if (settled) return;
          settled = true;
          markReplyStatus(deps, commandId, status).catch((error: unknown) =>
            deps.logger.warn({ err: error, commandId }, 'reply status not recorded'),
          );
        };
        res.on('finish', () => settle('sent'));
        res.on('close', () => settle('failed'));
        res.json(
          ApiCommandResponse.parse({
            command_id: commandId,
            reply: renderJson(reply),
            text: renderPlainText(reply),
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/channels/ws/ticket',
      role: 'viewer',
      tags: TAGS,
      summary: 'A short-lived, single-use ticket for the WebSocket channel',
      description:
        'Connect to `/channels/ws?ticket=<ticket>` with subprotocol `kyros.v1` within the ticket’s lifetime (KYROS_WS_TICKET_TTL_SECONDS). The connection acts as the principal that asked for the ticket.',
      responses: { 201: { description: 'The ticket', ...jsonContent(WsTicketResponse) } },
      async handle(_input, { req, res }) {
        const { ticket, expiresAt } = await issueWsTicket({
          prisma,
          principal: principalOf(req),
          ttlSeconds: ticketTtlSeconds,
        });
        const url = new URL('/channels/ws', deps.publicUrl);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json(
            WsTicketResponse.parse({ ticket, expires_at: expiresAt.toISOString(), url: url.href }),
          );
      },
    }),
  ];
}
