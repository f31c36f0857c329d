import type { Server } from 'node:http';
import { routeModule, type ApiModule } from '../api-module.ts';
import { DEFAULT_WEB_SOCKET_SETTINGS, type ChannelsDeps } from './channels-deps.ts';
import { channelRateLimiter, type ChannelRateLimiter } from './channel-rate-limits.ts';
import { channelRoutes } from './routes/channel-routes.ts';
import { emailRoutes } from './routes/email-routes.ts';
import { slackRoutes } from './routes/slack-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import { webhookSubscriptionRoutes } from './routes/webhook-subscription-routes.ts';
import {
  startOutboundDispatcher,
  type OutboundDispatcher,
} from './webhooks/outbound-dispatcher.ts';
import {
  attachChannelSocketServer,
  type ChannelSocketServer,
} from './websocket/channel-socket-server.ts';

export type { ChannelsDeps } from './channels-deps.ts';

export interface Channels {
  /** `/channels`, the API channel, WebSocket tickets and Slack. */
  module: ApiModule;
  /** Per-channel rate limits, for channel routes mounted elsewhere (`rateLimits.http('webhook')`). */
  rateLimits: ChannelRateLimiter;
  /** Serves the WebSocket channel (`/channels/ws`) on the API's HTTP server. */
  attach(server: Server): void;
  /** Closes every WebSocket; call before closing the HTTP server. */
  close(): void;
  /** Starts delivering events to outbound webhook subscriptions (when webhooks are configured). */
  startOutboundWebhooks(): void;
  /** Stops the outbound dispatcher; call before closing the event log. */
  stopOutboundWebhooks(): Promise<void>;
}

/** The channel hub (docs/CHANNELS.md): one command language over the API, a WebSocket, Slack, email and webhooks. */
export function openChannels(deps: ChannelsDeps): Channels {
  const settings = { ...DEFAULT_WEB_SOCKET_SETTINGS, ...deps.webSocket };
  const attached: ChannelSocketServer[] = [];
  let dispatcher: OutboundDispatcher | undefined;
  const rateLimits = channelRateLimiter({
    prisma: deps.prisma,
    audit: deps.audit,
    logger: deps.logger,
    limits: deps.rateLimits ?? {},
  });
  return {
    module: routeModule('channels', [
      ...channelRoutes(deps, rateLimits),
      ...slackRoutes(deps, rateLimits),
      ...emailRoutes(deps, rateLimits),
      ...webhookRoutes(deps, rateLimits),
      ...webhookSubscriptionRoutes(deps),
    ]),
    rateLimits,
    attach(server) {
      attached.push(attachChannelSocketServer(server, deps, settings, rateLimits));
    },
    close() {
      for (const socketServer of attached.splice(0)) socketServer.close();
    },
    startOutboundWebhooks() {
      const { webhooks } = deps;
      if (dispatcher || !webhooks?.secretsKey) return;
      dispatcher = startOutboundDispatcher({ ...deps, webhooks });
    },
    async stopOutboundWebhooks() {
      await dispatcher?.stop();
      dispatcher = undefined;
    },
  };
}
