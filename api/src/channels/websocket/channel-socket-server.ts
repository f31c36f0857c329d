import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_BEARER_PROTOCOL_PREFIX, WS_PROTOCOL } from '@kyros/contracts/schemas/channels';
import { PROBLEM_CONTENT_TYPE } from '@kyros/contracts/schemas/problem';
import { CredentialError } from '../../auth/credential-error.ts';
import { authenticateCredential } from '../../auth/operations/authenticate-credential.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ChannelsDeps, WebSocketSettings } from '../channels-deps.ts';
import { redeemWsTicket } from '../operations/ws-tickets.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { serveChannelConnection } from './channel-connection.ts';

export const CHANNEL_SOCKET_PATH = '/channels/ws';

export interface ChannelSocketServer {
  /** Closes every connection (1001, going away) and stops accepting new ones. */
  close(): void;
}

/**
 * The WebSocket channel on the API's own HTTP server: `GET /channels/ws` upgrades once the
 * credential checks out — a ticket in `?ticket=` or a bearer credential as the subprotocol
 * `kyros.bearer.<token>` next to `kyros.v1`. Anything else is refused with a problem+json answer
 * before the upgrade, so a refused client never gets a socket and nothing is written.
 */
export function attachChannelSocketServer(
  server: Server,
  deps: ChannelsDeps,
  settings: WebSocketSettings,
  rateLimits: ChannelRateLimiter,
): ChannelSocketServer {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxMessageBytes,
    // Never echo the bearer protocol back: only `kyros.v1` is ever selected.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    if (url.pathname !== CHANNEL_SOCKET_PATH) {
      // Another upgrade handler may own this path; alone, we answer it.
      if (server.listenerCount('upgrade') === 1) reject(socket, 404, 'No WebSocket here');
      return;
    }
    authenticateUpgrade(req, url, deps).then(
      (outcome) => {
        if (!outcome.ok) {
          reject(socket, outcome.status, outcome.message);
          return;
        }
        sockets.handleUpgrade(req, socket, head, (ws) =>
          serveChannelConnection(ws, outcome.principal, deps, settings, rateLimits),
        );
      },
      (error: unknown) => {
        deps.logger.error({ err: error }, 'WebSocket authentication failed');
        reject(socket, 503, 'Authentication is unavailable; retry shortly');
      },
    );
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of sockets.clients) client.close(1001, 'server shutting down');
      // Peers that do not answer the close handshake are cut, so the HTTP server can close.
      setTimeout(() => {
        for (const client of sockets.clients) client.terminate();
      }, 2_000).unref();
      sockets.close();
    },
  };
}

type UpgradeOutcome =
  { ok: true; principal: Principal } | { ok: false; status: 400 | 401; message: string };

async function authenticateUpgrade(
  req: IncomingMessage,
  url: URL,
  deps: ChannelsDeps,
): Promise<UpgradeOutcome> {
  const offered = (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
  if (offered.length > 0 && !offered.includes(WS_PROTOCOL)) {
    return { ok: false, status: 400, message: `Offer the subprotocol ${WS_PROTOCOL}` };
  }
  const ticket = url.searchParams.get('ticket');
  const bearer = offered.find((protocol) => protocol.startsWith(WS_BEARER_PROTOCOL_PREFIX));
  if (ticket !== null) {
    const principal = await redeemWsTicket({ prisma: deps.prisma, ticket });
    return principal
      ? { ok: true, principal }
      : { ok: false, status: 401, message: 'The ticket is unknown, used or expired' };
  }
  if (bearer !== undefined) {
    try {
      const principal = await authenticateCredential({
        deps: deps.auth,
        credential: bearer.slice(WS_BEARER_PROTOCOL_PREFIX.length),
      });
      return { ok: true, principal };
    } catch (error) {
      if (error instanceof CredentialError || isUnauthorized(error)) {
        return { ok: false, status: 401, message: 'The bearer credential is not valid' };
      }
      throw error;
    }
  }
  return {
    ok: false,
    status: 401,
    message: `Authenticate with ?ticket= (POST /channels/ws/ticket) or the subprotocol ${WS_BEARER_PROTOCOL_PREFIX}<token>`,
  };
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && (error as { status?: unknown }).status === 401;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** An HTTP answer on the raw socket, before any upgrade (RFC 6455 §4.2.2 allows any status). */
function reject(socket: Duplex, status: number, detail: string): void {
  const title = REASONS[status] ?? 'Error';
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail,
    instance: CHANNEL_SOCKET_PATH,
    code:
      status === 401
        ? 'unauthorized'
        : status === 404
          ? 'not_found'
          : status === 400
            ? 'invalid'
            : 'unavailable',
  });
  socket.end(
    [
      `HTTP/1.1 ${status} ${title}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(status === 401 ? ['WWW-Authenticate: Bearer realm="kyros"'] : []),
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
