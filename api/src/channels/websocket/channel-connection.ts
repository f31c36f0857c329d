import type { RawData, WebSocket } from 'ws';
import {
  WS_PROTOCOL,
  WsClientMessage,
  type WsServerMessage,
} from '@kyros/contracts/schemas/channels';
import { defaultActor } from '../../auth/acting-identity.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ChannelsDeps, WebSocketSettings } from '../channels-deps.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { renderJson } from '../domain/reply-renderers.ts';
import { handleCommand, markReplyStatus } from '../operations/handle-command.ts';
import { EventSubscription } from './event-subscription.ts';

const MAX_SUBSCRIPTIONS = 10;

/**
 * One authenticated WebSocket: commands with their replies, `subscribe` to live events, pings.
 * Protocol errors (malformed JSON, an unknown message) are answered with an `error` message and
 * nothing is recorded; commands are recorded like every channel's.
 */
export function serveChannelConnection(
  socket: WebSocket,
  principal: Principal,
  deps: ChannelsDeps,
  settings: WebSocketSettings,
  rateLimits: ChannelRateLimiter,
): void {
  const subscriptions = new Map<string, EventSubscription>();
  let inFlight = 0;
  let gate = Promise.resolve();
  let alive = true;

  const send = (message: WsServerMessage, done?: (error?: Error) => void) => {
    if (socket.readyState !== socket.OPEN) {
      done?.(new Error('socket closed'));
      return;
    }
    socket.send(JSON.stringify(message), (error) => done?.(error ?? undefined));
  };
  const refuse = (code: string, message: string, id?: string) =>
    send({ type: 'error', ...(id === undefined ? {} : { id }), code, message });

  const pinger = setInterval(() => {
    // The previous ping went unanswered: the peer is gone or wedged.
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, settings.pingIntervalMs);
  socket.on('pong', () => {
    alive = true;
  });

  socket.on('close', () => {
    clearInterval(pinger);
    for (const subscription of subscriptions.values()) subscription.close();
    subscriptions.clear();
  });
  socket.on('error', (error) => deps.logger.warn({ err: error }, 'channel socket error'));

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      refuse('binary_not_supported', 'Send text frames carrying JSON messages');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(textOf(data));
    } catch {
      refuse(
        'malformed_json',
        'A message is one JSON object, e.g. {"type":"command","id":"1","text":"help"}',
      );
      return;
    }
    const parsed = WsClientMessage.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
        .join('; ');
      refuse('invalid_message', `Not a message this channel knows: ${detail}`, idOf(raw));
      return;
    }
    const message = parsed.data;
    // Counted in arrival order, so the messages that pass keep their order.
    gate = gate
      .then(async () => {
        const verdict = await rateLimits.consume('websocket', principal);
        if (verdict.allowed) {
          dispatch(message);
          return;
        }
        refuse(
          'rate_limited',
          `Too many messages: at most ${verdict.limit} per ${verdict.windowMs / 1000} s; retry in ${verdict.retryAfterSeconds} s`,
          message.id,
        );
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'channel message dropped'));
  });

  function dispatch(message: WsClientMessage): void {
    switch (message.type) {
      case 'command': {
        if (message.text === undefined && message.command === undefined) {
          refuse('invalid_message', 'A command carries `text` or `command`', message.id);
          return;
        }
        if (inFlight >= settings.maxInFlightCommands) {
          refuse(
            'too_many_in_flight',
            `At most ${settings.maxInFlightCommands} commands at once; wait for a reply`,
            message.id,
          );
          return;
        }
        inFlight += 1;
        handleCommand({
          deps,
          channel: 'websocket',
          principal,
          input: message.text === undefined ? { command: message.command } : { text: message.text },
        })
          .then(({ commandId, reply }) => {
            send(
              { type: 'reply', id: message.id, command_id: commandId, reply: renderJson(reply) },
              (error) => {
                markReplyStatus(deps, commandId, error ? 'failed' : 'sent').catch(
                  (failure: unknown) =>
                    deps.logger.warn({ err: failure, commandId }, 'reply status not recorded'),
                );
              },
            );
          })
          .catch((error: unknown) => {
            deps.logger.error({ err: error }, 'channel command not recorded');
            refuse('unavailable', 'The command could not be recorded; retry shortly', message.id);
          })
          .finally(() => {
            inFlight -= 1;
          });
        return;
      }
      case 'subscribe': {
        subscriptions.get(message.id)?.close();
        if (!subscriptions.has(message.id) && subscriptions.size >= MAX_SUBSCRIPTIONS) {
          refuse(
            'too_many_subscriptions',
            `At most ${MAX_SUBSCRIPTIONS} subscriptions`,
            message.id,
          );
          return;
        }
        const subscription = new EventSubscription(
          deps.eventLog,
          message.filter,
          {
            bufferedAmount: () => socket.bufferedAmount,
            isOpen: () => socket.readyState === socket.OPEN,
            send: (event, done) =>
              send({ type: 'event', subscription: message.id, event }, () => done?.()),
          },
          settings.highWaterBytes,
          message.after,
        );
        subscriptions.set(message.id, subscription);
        send({ type: 'subscribed', id: message.id, after: subscription.startedAfter });
        return;
      }
      case 'unsubscribe': {
        subscriptions.get(message.id)?.close();
        subscriptions.delete(message.id);
        send({ type: 'unsubscribed', id: message.id });
        return;
      }
    }
  }

  send({
    type: 'hello',
    protocol: WS_PROTOCOL,
    actor: defaultActor(principal),
    max_message_bytes: settings.maxMessageBytes,
  });
}

function idOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return undefined;
  const id = raw.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.from(new Uint8Array(data)).toString('utf8');
}
