import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ReadinessPanel } from '../components/readiness-panel.tsx';
import { fetchReadiness } from '../lib/api.server.ts';
import { urlOn } from '../lib/config.server.ts';
import { useAutoRevalidate } from '../lib/use-auto-revalidate.ts';

const REFRESH_SECONDS = 5;

export const meta: MetaFunction = () => [
  { title: 'Kyros · Control room' },
  {
    name: 'description',
    content: 'Readiness of the Kyros platform: database, Temporal, workers, collaboration store.',
  },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { config } = context;
  const readiness = await fetchReadiness({
    apiUrl: config.api.url,
    // The API bounds each of its own checks by readinessTimeoutMs; leave room for its answer on top.
    timeoutMs: config.readinessTimeoutMs + 2000,
    signal: request.signal,
  });
  return {
    readiness,
    apiDocsUrl: urlOn(config.api.url, '/docs'),
    temporalUiUrl: config.temporal.uiUrl,
  };
}

export default function Index() {
  const { readiness, apiDocsUrl, temporalUiUrl } = useLoaderData<typeof loader>();
  const refreshing = useAutoRevalidate(REFRESH_SECONDS * 1000);
  return (
    <div className="relative min-h-screen overflow-hidden">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 -top-40 h-[28rem] bg-[radial-gradient(ellipse_at_top,rgba(99,102,241,0.22),transparent_60%)]"
      />
      <header className="relative border-b border-white/5">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-6 px-6 py-4">
          <a href="/" className="flex items-center gap-3" data-testid="brand">
            <img src="/favicon.svg" alt="" className="size-7" />
            <span className="text-[15px] font-semibold tracking-tight text-white">Kyros</span>
            <span className="rounded-full border border-white/10 px-2 py-0.5 text-[11px] font-medium text-zinc-400">
              Console
            </span>
          </a>
          <nav className="flex items-center gap-1 text-sm">
            <NavLink href={apiDocsUrl} testId="link-api-docs">
              API reference
            </NavLink>
            <NavLink href={temporalUiUrl} testId="link-temporal-ui">
              Temporal UI
            </NavLink>
          </nav>
        </div>
      </header>

      <main className="relative mx-auto max-w-6xl px-6 pb-16 pt-12">
        <div>
          <p className="text-xs font-semibold uppercase tracking-[0.22em] text-indigo-300/90">
            Control room
          </p>
          <h1 className="mt-3 text-4xl font-semibold tracking-tight text-white">
            Agents, tasks and workflows on one codebase
          </h1>
          <p className="mt-4 max-w-3xl text-base leading-relaxed text-zinc-400">
            Kyros lets AI coding agents and people share one repository: they claim tasks, hold
            leases on the files they touch and report into one append-only log, while automated work
            runs as durable Temporal workflows. Below is whether the platform underneath is ready.
          </p>
        </div>

        <div className="mt-10 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
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
      </main>
    </div>
  );
}

function NavLink({
  href,
  testId,
  children,
}: {
  href: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      data-testid={testId}
      className="rounded-md px-3 py-1.5 text-zinc-400 transition-colors hover:bg-white/5 hover:text-white"
    >
      {children}
    </a>
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
      className="group rounded-2xl border border-white/10 bg-zinc-900/50 p-5 transition-colors hover:border-indigo-400/40 hover:bg-zinc-900"
    >
      <p className="flex items-center justify-between text-sm font-semibold text-white">
        {title}
        <span
          aria-hidden="true"
          className="text-zinc-500 transition-transform group-hover:translate-x-0.5 group-hover:text-indigo-300"
        >
          ↗
        </span>
      </p>
      <p className="mt-2 text-sm leading-relaxed text-zinc-400">{body}</p>
      <p className="mt-3 truncate font-mono text-xs text-zinc-500">{href}</p>
    </a>
  );
}
