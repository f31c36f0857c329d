import type { ReadinessCheck } from '@kyros/contracts/schemas/health';
import type { ReactNode } from 'react';
import type { ApiReadiness } from '../lib/readiness.ts';

const CHECK_LABELS: Record<ReadinessCheck['name'], { label: string; what: string }> = {
  database: { label: 'Database', what: 'Reachable, every migration applied' },
  temporal: { label: 'Temporal', what: 'The cluster answers' },
  task_queue: { label: 'Task-queue round trip', what: 'A worker completes a probe workflow' },
  collaboration_dir: { label: 'Collaboration directory', what: 'The store can write its files' },
};

const STATE_BADGES: Record<ApiReadiness['state'], { label: string; tone: Tone }> = {
  ready: { label: 'Ready', tone: 'good' },
  not_ready: { label: 'Not ready', tone: 'bad' },
  unreachable: { label: 'API unreachable', tone: 'warn' },
  unexpected: { label: 'Unexpected answer', tone: 'warn' },
};

type Tone = 'good' | 'bad' | 'warn';

const TONE_CLASSES: Record<Tone, { badge: string; dot: string }> = {
  good: {
    badge: 'border-emerald-400/25 bg-emerald-400/10 text-emerald-700 dark:text-emerald-300',
    dot: 'bg-emerald-400 shadow-[0_0_0_4px_rgba(52,211,153,0.15)]',
  },
  bad: {
    badge: 'border-rose-400/25 bg-rose-400/10 text-rose-700 dark:text-rose-300',
    dot: 'bg-rose-400 shadow-[0_0_0_4px_rgba(251,113,133,0.15)]',
  },
  warn: {
    badge: 'border-amber-400/25 bg-amber-400/10 text-amber-700 dark:text-amber-300',
    dot: 'bg-amber-400 shadow-[0_0_0_4px_rgba(251,191,36,0.15)]',
  },
};

export interface ReadinessPanelProps {
  readiness: ApiReadiness;
  /** True while a background refresh is in flight. */
  refreshing?: boolean;
  refreshEverySeconds?: number;
}

/** The API's /readyz report: overall state, then one row per check, or why there is no report. */
export function ReadinessPanel({
  readiness,
  refreshing = false,
  refreshEverySeconds,
}: ReadinessPanelProps) {
  const badge = STATE_BADGES[readiness.state];
  return (
    <section
      data-testid="readiness-panel"
      aria-labelledby="readiness-title"
      className="overflow-hidden rounded-2xl border border-line bg-surface shadow-xl shadow-black/10"
    >
      <header className="flex items-start justify-between gap-4 border-b border-line px-6 py-5">
        <div className="min-w-0">
          <h2 id="readiness-title" className="text-base font-semibold text-fg">
            System readiness
          </h2>
          <p className="mt-1 truncate font-mono text-xs text-subtle">GET {readiness.url}</p>
        </div>
        <StatusBadge
          testId="api-status"
          state={readiness.state}
          label={badge.label}
          tone={badge.tone}
        />
      </header>

      {'checks' in readiness ? (
        <ul className="divide-y divide-line" data-testid="readiness-checks">
          {readiness.checks.map((check) => (
            <CheckRow key={check.name} check={check} />
          ))}
        </ul>
      ) : (
        <NoReport readiness={readiness} />
      )}

      <footer className="flex items-center justify-between gap-4 border-t border-line bg-sunken px-6 py-3 text-xs text-subtle">
        <span data-testid="readiness-checked-at">
          Checked at{' '}
          <time dateTime={readiness.checkedAt}>{readiness.checkedAt.slice(11, 19)} UTC</time>
        </span>
        <span className="flex items-center gap-2" data-testid="readiness-refresh">
          <span
            aria-hidden="true"
            className={`size-1.5 rounded-full ${
              refreshing ? 'animate-pulse bg-indigo-400' : 'bg-line-strong'
            }`}
          />
          {refreshing
            ? 'Refreshing…'
            : refreshEverySeconds
              ? `Refreshes every ${refreshEverySeconds} s`
              : 'Live'}
        </span>
      </footer>
    </section>
  );
}

function CheckRow({ check }: { check: ReadinessCheck }) {
  const { label, what } = CHECK_LABELS[check.name];
  const tone = check.ok ? TONE_CLASSES.good : TONE_CLASSES.bad;
  return (
    <li
      data-testid={`readiness-check-${check.name}`}
      data-ok={check.ok}
      className="flex items-start gap-4 px-6 py-4"
    >
      <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${tone.dot}`} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <p className="font-medium text-fg">{label}</p>
          <p className="text-xs text-subtle">{what}</p>
        </div>
        {check.detail ? (
          <p
            data-testid="readiness-check-detail"
            className={`mt-1.5 break-words font-mono text-xs ${
              check.ok ? 'text-muted' : 'text-rose-600 dark:text-rose-200/90'
            }`}
          >
            {check.detail}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 flex-col items-end gap-1.5">
        <span
          data-testid="readiness-check-status"
          className={`rounded-full border px-2 py-0.5 text-xs font-medium ${tone.badge}`}
        >
          {check.ok ? 'OK' : 'Failing'}
        </span>
        <span data-testid="readiness-check-duration" className="font-mono text-[11px] text-subtle">
          {check.durationMs} ms
        </span>
      </div>
    </li>
  );
}

function NoReport({ readiness }: { readiness: Extract<ApiReadiness, { reason: string }> }) {
  const unreachable = readiness.state === 'unreachable';
  return (
    <div className="px-6 py-6">
      <div
        role="alert"
        data-testid={unreachable ? 'api-unreachable' : 'api-unexpected'}
        className="rounded-xl border border-amber-400/20 bg-amber-400/[0.06] p-5"
      >
        <p className="font-medium text-amber-700 dark:text-amber-200">
          {unreachable ? 'The API is unreachable' : 'The API did not send a readiness report'}
        </p>
        <p
          data-testid="api-error"
          className="mt-3 break-words rounded-lg border border-line bg-sunken px-3 py-2 font-mono text-xs text-amber-800 dark:text-amber-100/90"
        >
          {readiness.reason}
        </p>
        <p className="mt-3 text-sm leading-relaxed text-muted">
          {unreachable ? (
            <>
              Start the whole product with <InlineCode>npm start</InlineCode>, or point{' '}
              <InlineCode>API_URL</InlineCode> at a running API. This page keeps trying.
            </>
          ) : (
            <>
              Check that <InlineCode>API_URL</InlineCode> points at the Kyros API.
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function InlineCode({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-xs text-fg">{children}</code>
  );
}

function StatusBadge({
  testId,
  state,
  label,
  tone,
}: {
  testId: string;
  state: string;
  label: string;
  tone: Tone;
}) {
  return (
    <span
      data-testid={testId}
      data-state={state}
      className={`inline-flex shrink-0 items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${TONE_CLASSES[tone].badge}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${TONE_CLASSES[tone].dot}`} />
      {label}
    </span>
  );
}
