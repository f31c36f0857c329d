import { ApiError } from '@kyros/contracts/client';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ReadinessPanel } from '../components/readiness-panel.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { OverviewStats, type OverviewNumbers } from '../components/overview-stats.tsx';
import { fetchReadiness, withApi, type ConsoleApi } from '../lib/api.server.ts';
import { presenceOf } from '../lib/agent-presence.ts';
import { urlOn } from '../lib/config.server.ts';
import { useAutoRevalidate } from '../lib/use-auto-revalidate.ts';

const REFRESH_SECONDS = 5;

export const meta: MetaFunction = () => [
  { title: 'Overview · Kyros' },
  {
    name: 'description',
    content: 'Readiness of the Kyros platform: database, Temporal, workers, collaboration store.',
  },
];

export function loader({ context, request }: LoaderFunctionArgs) {
  const { config } = context;
  return withApi(request, context, async ({ api }) => {
    const [readiness, numbers] = await Promise.all([
      fetchReadiness({
        apiUrl: config.api.url,
        // The API bounds each of its own checks by readinessTimeoutMs; leave room for its answer on top.
        timeoutMs: config.readinessTimeoutMs + 2000,
        signal: request.signal,
      }),
      countWork(api),
    ]);
    return {
      readiness,
      numbers,
      apiDocsUrl: urlOn(config.api.url, '/docs'),
      temporalUiUrl: config.temporal.uiUrl,
    };
  });
}

/** The headline numbers, or undefined when the collaboration API cannot answer right now. */
async function countWork(api: ConsoleApi): Promise<OverviewNumbers | undefined> {
  try {
    const [tasks, agents, locks] = await Promise.all([
      api.getState('tasks'),
      api.getState('agents'),
      api.getState('locks'),
    ]);
    const now = Date.now();
    const stale = locks.data.leases.filter((lease) => Date.parse(lease.expires_at) <= now).length;
    return {
      openTasks: tasks.data.tasks.filter((task) => task.status !== 'done').length,
      inReview: tasks.data.tasks.filter((task) => task.status === 'review').length,
      busyAgents: agents.data.agents.filter((agent) => presenceOf(agent, Date.now()) === 'busy')
        .length,
      agents: agents.data.agents.length,
      activeLeases: locks.data.leases.length - stale,
      staleLeases: stale,
    };
  } catch (error) {
    // A revoked session still signs the browser out (withApi); anything else just hides the numbers.
    if (error instanceof ApiError && error.status === 401) throw error;
    return undefined;
  }
}

export default function Overview() {
  const { readiness, numbers, apiDocsUrl, temporalUiUrl } = useLoaderData<typeof loader>();
  const refreshing = useAutoRevalidate(REFRESH_SECONDS * 1000);
  return (
    <>
      <PageHeader
        eyebrow="Control room"
        title="Agents, tasks and workflows on one codebase"
        description="AI coding agents and people share one repository here: they claim tasks, hold leases on the files they touch and report into one append-only log, while automated work runs as durable Temporal workflows."
      />
      {numbers ? <OverviewStats numbers={numbers} /> : null}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <ReadinessPanel
          readiness={readiness}
          refreshing={refreshing}
          refreshEverySeconds={REFRESH_SECONDS}
        />
        <aside className="flex flex-col gap-4">
          <LinkCard
            href={apiDocsUrl}
            testId="card-api-docs"
            title="API reference"
            body="Every endpoint of the contract, generated from the same zod schemas the API validates with."
          />
          <LinkCard
            href={temporalUiUrl}
            testId="card-temporal-ui"
            title="Temporal UI"
            body="Every task and job runs as a workflow; find any of them by the id you see here."
          />
        </aside>
      </div>
    </>
  );
}

function LinkCard({
  href,
  testId,
  title,
  body,
}: {
  href: string;
  testId: string;
  title: string;
  body: string;
}) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      data-testid={testId}
      className="focus-ring group rounded-2xl border border-line bg-surface p-5 transition-colors hover:border-indigo-400/40 hover:bg-raised"
    >
      <p className="flex items-center justify-between text-sm font-semibold text-fg">
        {title}
        <span
          aria-hidden="true"
          className="text-subtle transition-transform group-hover:translate-x-0.5 group-hover:text-accent-fg"
        >
          ↗
        </span>
      </p>
      <p className="mt-2 text-sm leading-relaxed text-muted">{body}</p>
      <p className="mt-3 truncate font-mono text-xs text-subtle">{href}</p>
    </a>
  );
}
