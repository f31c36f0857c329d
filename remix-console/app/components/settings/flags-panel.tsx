import type { FlagsReading } from '../../lib/flags.server.ts';
import { Badge } from '../ui/badge.tsx';

/** The console's feature flags, read-only: they change in the flags file. */
export function FlagsPanel({ flags }: { flags: FlagsReading }) {
  return (
    <>
      <dl className="grid gap-3 sm:grid-cols-2" data-testid="flags">
        <Flag
          name="demoMode"
          value={flags.flags.demoMode}
          help="Fills a fresh install with a believable board, agents and jobs on console start (or npm run demo)."
        />
        <Flag
          name="schedulerEnabled"
          value={flags.flags.schedulerEnabled}
          help="Shows the Scheduler; when false it explains that scheduling is off."
        />
      </dl>
      <p className="mt-3 text-xs text-subtle">
        File: <code className="break-all font-mono">{flags.file}</code> (KYROS_CONSOLE_FLAGS_FILE)
        {flags.problem ? (
          <span className="ml-2 text-amber-600 dark:text-amber-300">— {flags.problem}</span>
        ) : null}
      </p>
    </>
  );
}

function Flag({ name, value, help }: { name: string; value: boolean; help: string }) {
  return (
    <div
      className="rounded-xl border border-line bg-canvas/40 p-3"
      data-testid={`flag-${name}`}
      data-value={String(value)}
    >
      <dt className="flex items-center justify-between gap-2">
        <code className="font-mono text-sm text-fg">{name}</code>
        <Badge tone={value ? 'good' : 'neutral'} dot>
          {value ? 'on' : 'off'}
        </Badge>
      </dt>
      <dd className="mt-1 text-xs text-muted">{help}</dd>
    </div>
  );
}
