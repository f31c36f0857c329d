import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionIndicator } from '../components/connection-indicator.tsx';
import {
  LiveEventsProvider,
  useConnectionState,
  useLiveEvents,
  type EventSourceLike,
  type LiveMessage,
} from './live-events.tsx';

/** Stands in for the browser's EventSource: the test opens, feeds and breaks it. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  private resetListeners: Array<(event: MessageEvent<string>) => void> = [];
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(_type: 'reset', listener: (event: MessageEvent<string>) => void) {
    this.resetListeners.push(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(id: number, event: string) {
    const data = JSON.stringify({
      id,
      ts: '2026-11-25T10:00:00.000Z',
      event,
      actor: 'a',
      target: 't',
      details: {},
    });
    this.onmessage?.(new MessageEvent('message', { data, lastEventId: String(id) }));
  }
  /** The server answered an error: EventSource gives up (CLOSED) instead of retrying itself. */
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  /** The connection dropped: EventSource is retrying by itself (CONNECTING). */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
}

function Probe({ seen }: { seen: LiveMessage[] }) {
  useLiveEvents((message) => seen.push(message));
  return <ConnectionIndicator state={useConnectionState()} />;
}

function setup() {
  const sources: FakeEventSource[] = [];
  const seen: LiveMessage[] = [];
  render(
    <LiveEventsProvider
      initialBackoffMs={10}
      createEventSource={(url) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source;
      }}
    >
      <Probe seen={seen} />
    </LiveEventsProvider>,
  );
  const indicator = () => screen.getByTestId('connection-indicator');
  const source = (index: number): FakeEventSource => {
    const found = sources.at(index);
    if (!found) throw new Error(`no EventSource #${index} was opened`);
    return found;
  };
  return { sources, source, seen, indicator };
}

describe('LiveEventsProvider', () => {
  it('opens one stream through the console relay and shows Live once it is open', () => {
    const { sources, source, indicator } = setup();

    expect(sources.map((source) => source.url)).toEqual(['/live/events']);
    expect(indicator().dataset.state).toBe('connecting');
    act(() => source(0).open());
    expect(indicator().dataset.state).toBe('live');
    expect(indicator().textContent).toContain('Live');
  });

  it('hands every event to the subscribers', () => {
    const { source, seen } = setup();
    act(() => source(0).open());

    act(() => {
      source(0).send(7, 'task_claimed');
      source(0).send(8, 'lease_granted');
    });

    expect(seen.map((message) => (message.type === 'event' ? message.event.id : 0))).toEqual([
      7, 8,
    ]);
  });

  it('shows Reconnecting while EventSource retries a dropped connection by itself', () => {
    const { sources, source, indicator } = setup();
    act(() => source(0).open());

    act(() => source(0).drop());

    expect(indicator().dataset.state).toBe('reconnecting');
    expect(sources).toHaveLength(1);
  });

  it('reopens a stream the server ended, resuming after the last event it delivered', async () => {
    vi.useFakeTimers();
    try {
      const { source, indicator } = setup();
      act(() => source(0).open());
      act(() => source(0).send(41, 'task_created'));

      act(() => source(0).fail());
      expect(indicator().dataset.state).toBe('reconnecting');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(10);
      });

      expect(source(0).closed).toBe(true);
      expect(source(1).url).toBe('/live/events?lastEventId=41');
      act(() => source(1).open());
      expect(indicator().dataset.state).toBe('live');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says Offline after repeated failures and keeps trying', async () => {
    vi.useFakeTimers();
    try {
      const { sources, source, indicator } = setup();
      for (let attempt = 0; attempt < 4; attempt += 1) {
        act(() => source(-1).fail());
        await act(async () => {
          await vi.advanceTimersByTimeAsync(10 * 2 ** attempt);
        });
      }

      expect(indicator().dataset.state).toBe('offline');
      expect(sources).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
