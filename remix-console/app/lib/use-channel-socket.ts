import {
  WS_PROTOCOL,
  WsServerMessage,
  type ChannelReply,
  type WsTicketResponse,
} from '@kyros/contracts/schemas/channels';
import { useFetcher } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Exchange {
  id: string;
  text: string;
  sentAt: number;
  reply?: ChannelReply;
  commandId?: string;
  /** A protocol error (`{type:"error"}`) or a socket that closed before the reply. */
  error?: string;
}

type TicketAnswer =
  ({ ok: true } & WsTicketResponse) | { ok: false; status: number; title: string; detail: string };

const MAX_BACKOFF_MS = 15_000;
const KEEP = 50;

/**
 * The WebSocket channel (`/channels/ws`, subprotocol kyros.v1) from the browser. Each connection
 * starts with a single-use ticket the page's action asks the API for, so the browser never holds
 * the API credential; a dropped socket fetches a new ticket and reconnects after a growing pause.
 */
export function useChannelSocket(ticketAction: string) {
  const ticket = useFetcher<TicketAnswer>();
  const [state, setState] = useState<SocketState>('connecting');
  const [actor, setActor] = useState<string>();
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const socket = useRef<WebSocket | null>(null);
  const failures = useRef(0);
  const counter = useRef(0);
  const submit = ticket.submit;

  const requestTicket = useCallback(() => {
    submit({ intent: 'ticket' }, { method: 'post', action: ticketAction });
  }, [submit, ticketAction]);

  useEffect(() => requestTicket(), [requestTicket]);

  useEffect(() => {
    const answer = ticket.data;
    if (!answer) return;
    if (!answer.ok) {
      setState('closed');
      return;
    }
    let retry: number | undefined;
    let stopped = false;
    const ws = new WebSocket(`${answer.url}?ticket=${encodeURIComponent(answer.ticket)}`, [
      WS_PROTOCOL,
    ]);
    socket.current = ws;
    ws.onopen = () => {
      failures.current = 0;
      setState('open');
    };
    ws.onmessage = (frame: MessageEvent<string>) => {
      const parsed = WsServerMessage.safeParse(JSON.parse(frame.data));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'hello') setActor(message.actor);
      if (message.type === 'reply' || (message.type === 'error' && message.id)) {
        setExchanges((current) =>
          current.map((exchange) =>
            exchange.id !== message.id
              ? exchange
              : message.type === 'reply'
                ? { ...exchange, reply: message.reply, commandId: message.command_id }
                : { ...exchange, error: message.message },
          ),
        );
      }
    };
    ws.onclose = () => {
      if (stopped) return;
      socket.current = null;
      setExchanges((current) =>
        current.map((exchange) =>
          exchange.reply || exchange.error
            ? exchange
            : { ...exchange, error: 'The connection closed before the reply' },
        ),
      );
      failures.current += 1;
      setState(failures.current > 3 ? 'closed' : 'reconnecting');
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures.current - 1));
      retry = window.setTimeout(requestTicket, delay);
    };
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      ws.close();
    };
  }, [ticket.data, requestTicket]);

  const send = useCallback((text: string): boolean => {
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    counter.current += 1;
    const id = `c${Date.now().toString(36)}-${counter.current}`;
    setExchanges((current) => [{ id, text, sentAt: Date.now() }, ...current].slice(0, KEEP));
    ws.send(JSON.stringify({ type: 'command', id, text }));
    return true;
  }, []);

  return { state, actor, exchanges, send, reconnect: requestTicket };
}
