import type { Server } from 'node:http';
import { routeModule, type ApiModule } from '../api-module.ts';
import { DEFAULT_WEB_SOCKET_SETTINGS, type ChannelsDeps } from './channels-deps.ts';
import { channelRoutes } from './routes/channel-routes.ts';
import { emailRoutes } from './routes/email-routes.ts';
import {
  attachChannelSocketServer,
  type ChannelSocketServer,
} from './websocket/channel-socket-server.ts';

export type { ChannelsDeps } from './channels-deps.ts';

export interface Channels {
  /** `/channels`, the API channel and WebSocket tickets. */
  module: ApiModule;
  /** Serves the WebSocket channel (`/channels/ws`) on the API's HTTP server. */
  attach(server: Server): void;
  /** Closes every WebSocket; call before closing the HTTP server. */
  close(): void;
}

/** The channel hub (docs/CHANNELS.md): one command language over the API, a WebSocket and email. */
export function openChannels(deps: ChannelsDeps): Channels {
  const settings = { ...DEFAULT_WEB_SOCKET_SETTINGS, ...deps.webSocket };
  const attached: ChannelSocketServer[] = [];
  return {
    module: routeModule('channels', [...channelRoutes(deps), ...emailRoutes(deps)]),
    attach(server) {
      attached.push(attachChannelSocketServer(server, deps, settings));
    },
    close() {
      for (const socketServer of attached.splice(0)) socketServer.close();
    },
  };
}
