import type { ConnectionState } from '../lib/live-events.tsx';

const LABELS: Record<ConnectionState, { label: string; dot: string; hint: string }> = {
  connecting: {
    label: 'Connecting…',
    dot: 'bg-amber-400 animate-pulse',
    hint: 'Opening the live event stream',
  },
  live: {
    label: 'Live',
    dot: 'bg-emerald-400 shadow-[0_0_0_3px_rgba(52,211,153,0.18)]',
    hint: 'Pages update as events arrive',
  },
  reconnecting: {
    label: 'Reconnecting…',
    dot: 'bg-amber-400 animate-pulse',
    hint: 'The stream dropped; resuming where it left off',
  },
  offline: {
    label: 'Offline',
    dot: 'bg-rose-500',
    hint: 'No live updates; the console keeps retrying',
  },
};

/** Whether the tab's live event stream is up; screen readers hear changes politely. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { label, dot, hint } = LABELS[state];
  return (
    <div
      role="status"
      data-testid="connection-indicator"
      data-state={state}
      title={hint}
      className="flex items-center gap-2 rounded-lg border border-line bg-surface px-2.5 py-1.5 text-xs text-muted"
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      <span className="font-medium text-fg">{label}</span>
      <span className="sr-only">: {hint}</span>
    </div>
  );
}
