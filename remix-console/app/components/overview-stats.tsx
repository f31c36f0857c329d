import { Link } from '@remix-run/react';

export interface OverviewNumbers {
  openTasks: number;
  inReview: number;
  busyAgents: number;
  agents: number;
  activeLeases: number;
  staleLeases: number;
}

/** Four numbers a lead checks first, each a link to the page that explains it. */
export function OverviewStats({ numbers }: { numbers: OverviewNumbers }) {
  const cards = [
    {
      to: '/tasks',
      label: 'Open tasks',
      value: numbers.openTasks,
      note: `${numbers.inReview} waiting for review`,
      testId: 'stat-open-tasks',
    },
    {
      to: '/agents',
      label: 'Agents busy',
      value: numbers.busyAgents,
      note: `of ${numbers.agents} registered`,
      testId: 'stat-busy-agents',
    },
    {
      to: '/leases',
      label: 'Active leases',
      value: numbers.activeLeases,
      note: 'files being worked on',
      testId: 'stat-active-leases',
    },
    {
      to: '/leases',
      label: 'Stale leases',
      value: numbers.staleLeases,
      note: numbers.staleLeases > 0 ? 'holders stopped heartbeating' : 'nothing to reclaim',
      testId: 'stat-stale-leases',
      alert: numbers.staleLeases > 0,
    },
  ];
  return (
    <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map((card) => (
        <Link
          key={card.testId}
          to={card.to}
          data-testid={card.testId}
          className="focus-ring group rounded-2xl border border-line bg-surface p-5 transition-colors hover:border-line-strong hover:bg-raised"
        >
          <p className="text-xs font-medium uppercase tracking-wider text-subtle">{card.label}</p>
          <p
            className={`mt-2 text-3xl font-semibold tabular-nums tracking-tight ${
              card.alert ? 'text-rose-600 dark:text-rose-300' : 'text-fg'
            }`}
          >
            {card.value}
          </p>
          <p className="mt-1 text-sm text-muted">{card.note}</p>
        </Link>
      ))}
    </div>
  );
}
