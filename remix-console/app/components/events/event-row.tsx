import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { Badge, type BadgeTone } from '../ui/badge.tsx';

function toneOf(name: string): BadgeTone {
  if (name.includes('fail') || name.includes('reclaim')) return 'bad';
  if (name.startsWith('task')) return 'accent';
  if (name.startsWith('lease')) return 'info';
  if (name.startsWith('agent')) return 'good';
  if (name.startsWith('executor')) return 'warn';
  return 'neutral';
}

function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('  ');
}

export function EventRow({ event, fresh = false }: { event: CollabEvent; fresh?: boolean }) {
  const details = summary(event.details);
  return (
    <li
      data-testid={`event-${event.id}`}
      data-event={event.event}
      className={`grid grid-cols-[4.5rem_5.5rem_11rem_minmax(0,1fr)] items-baseline gap-3 px-5 py-2.5 text-[13px] transition-colors ${
        fresh ? 'bg-accent/[0.07]' : 'hover:bg-raised/40'
      }`}
    >
      <span className="font-mono text-[11px] tabular-nums text-subtle">#{event.id}</span>
      <time
        dateTime={event.ts}
        title={event.ts}
        className="font-mono text-[11px] tabular-nums text-muted"
      >
        {event.ts.slice(11, 19)}
      </time>
      <span>
        <Badge tone={toneOf(event.event)} testId="event-name">
          {event.event}
        </Badge>
      </span>
      <span className="min-w-0">
        <span className="block truncate text-fg" title={`${event.actor} → ${event.target}`}>
          <span className="text-muted">{event.actor}</span>
          <span className="mx-1.5 text-subtle">→</span>
          <span className="font-mono text-xs">{event.target}</span>
        </span>
        {details ? (
          <span className="mt-0.5 block truncate font-mono text-[11px] text-subtle" title={details}>
            {details}
          </span>
        ) : null}
      </span>
    </li>
  );
}
