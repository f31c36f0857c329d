import {
  CollabEventSchema,
  EventStreamReset,
  type CollabEvent,
} from '@kyros/contracts/schemas/collab-events';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type LiveMessage =
  { type: 'event'; event: CollabEvent } | { type: 'reset'; reset: EventStreamReset };

interface LiveEvents {
  state: ConnectionState;
  subscribe: (listener: (message: LiveMessage) => void) => () => void;
}

const LiveEventsContext = createContext<LiveEvents>({
  state: 'offline',
  subscribe: () => () => undefined,
});

/** The smallest piece of EventSource this module uses, so tests can drive a fake one. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  addEventListener(type: 'reset', listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;
const MAX_BACKOFF_MS = 15_000;

/**
 * One SSE connection per tab, through the console's own /live/events relay. EventSource retries
 * by itself while it can (sending Last-Event-ID); when it gives up (the relay answered an error),
 * this reopens it with ?lastEventId= after a growing pause, so no event is skipped.
 */
export function LiveEventsProvider({
  children,
  url = '/live/events',
  createEventSource = (target) => new EventSource(target),
  initialBackoffMs = 1000,
}: {
  children: ReactNode;
  url?: string;
  createEventSource?: EventSourceFactory;
  initialBackoffMs?: number;
}) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const listeners = useRef(new Set<(message: LiveMessage) => void>());
  const factory = useRef(createEventSource);

  useEffect(() => {
    let source: EventSourceLike | undefined;
    let lastEventId: string | undefined;
    let failures = 0;
    let timer: number | undefined;
    let stopped = false;
    const emit = (message: LiveMessage) => {
      for (const listener of listeners.current) listener(message);
    };
    const open = () => {
      const target = lastEventId
        ? `${url}${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastEventId)}`
        : url;
      const current = factory.current(target);
      source = current;
      current.onopen = () => {
        failures = 0;
        setState('live');
      };
      current.onmessage = (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        const parsed = CollabEventSchema.safeParse(JSON.parse(message.data));
        if (parsed.success) emit({ type: 'event', event: parsed.data });
      };
      current.addEventListener('reset', (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        const parsed = EventStreamReset.safeParse(JSON.parse(message.data));
        if (parsed.success) emit({ type: 'reset', reset: parsed.data });
      });
      current.onerror = () => {
        if (stopped) return;
        if (current.readyState !== CLOSED) {
          setState('reconnecting');
          return;
        }
        current.close();
        failures += 1;
        setState(failures > 3 ? 'offline' : 'reconnecting');
        const delay = Math.min(MAX_BACKOFF_MS, initialBackoffMs * 2 ** (failures - 1));
        timer = window.setTimeout(open, delay);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, [url, initialBackoffMs]);

  const subscribe = useCallback((listener: (message: LiveMessage) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<LiveEvents>(() => ({ state, subscribe }), [state, subscribe]);
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

export function useConnectionState(): ConnectionState {
  return useContext(LiveEventsContext).state;
}

/** Calls `onMessage` for every live event and reset; the latest callback is always used. */
export function useLiveEvents(onMessage: (message: LiveMessage) => void): void {
  const { subscribe } = useContext(LiveEventsContext);
  const latest = useRef(onMessage);
  useEffect(() => {
    latest.current = onMessage;
  });
  useEffect(() => subscribe((message) => latest.current(message)), [subscribe]);
}
