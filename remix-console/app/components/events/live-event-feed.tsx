import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';
import { useState } from 'react';
import { matchesFilter } from '../../lib/event-filter.ts';
import { useLiveEvents } from '../../lib/live-events.tsx';
import { buttonClass } from '../ui/button.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { EventRow } from './event-row.tsx';

const KEEP = 500;

/**
 * The event list, newest first: the loader's recent events plus every matching live event.
 * Paused, new events wait in a buffer (counted on the button) and land all at once on resume.
 */
export function LiveEventFeed({
  initial,
  filter,
  onReset,
}: {
  initial: CollabEvent[];
  filter: EventFilter;
  onReset?: () => void;
}) {
  const [events, setEvents] = useState(() => [...initial].reverse());
  const [buffered, setBuffered] = useState<CollabEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [freshIds, setFreshIds] = useState<ReadonlySet<number>>(new Set());

  const newestId = Math.max(0, events[0]?.id ?? 0, buffered.at(-1)?.id ?? 0);
  useLiveEvents((message) => {
    if (message.type === 'reset') {
      onReset?.();
      return;
    }
    const { event } = message;
    if (event.id <= newestId || !matchesFilter(event, filter)) return;
    if (paused) setBuffered((current) => [...current, event]);
    else {
      setEvents((current) => [event, ...current].slice(0, KEEP));
      setFreshIds((current) => new Set(current).add(event.id));
    }
  });

  function toggle() {
    if (paused && buffered.length > 0) {
      setEvents((current) => [...[...buffered].reverse(), ...current].slice(0, KEEP));
      setFreshIds(new Set(buffered.map((event) => event.id)));
      setBuffered([]);
    }
    setPaused(!paused);
  }

  return (
    <section
      aria-labelledby="event-feed-title"
      className="overflow-hidden rounded-2xl border border-line bg-surface"
    >
      <header className="flex items-center justify-between gap-3 border-b border-line px-5 py-3">
        <div className="flex items-center gap-2.5">
          <span
            aria-hidden="true"
            className={`size-2 rounded-full ${
              paused ? 'bg-amber-400' : 'animate-pulse bg-emerald-400'
            }`}
          />
          <h2 id="event-feed-title" className="text-sm font-semibold text-fg">
            {paused ? 'Paused' : 'Live tail'}
          </h2>
          <span className="text-xs text-subtle" data-testid="event-count">
            {events.length} shown
          </span>
        </div>
        <button
          type="button"
          onClick={toggle}
          aria-pressed={paused}
          data-testid="events-pause"
          className={buttonClass(paused ? 'primary' : 'secondary', 'py-1.5 text-xs')}
        >
          {paused ? `Resume${buffered.length > 0 ? ` · ${buffered.length} new` : ''}` : 'Pause'}
        </button>
      </header>
      {events.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No matching events yet" testId="events-empty">
            Every change on the board — claims, transitions, leases, executor runs — is appended to
            the log and appears here the moment it happens.
          </EmptyState>
        </div>
      ) : (
        <ol
          className="divide-y divide-line"
          data-testid="event-list"
          aria-live={paused ? 'off' : 'polite'}
          aria-relevant="additions"
        >
          {events.map((event) => (
            <EventRow key={event.id} event={event} fresh={freshIds.has(event.id)} />
          ))}
        </ol>
      )}
    </section>
  );
}
