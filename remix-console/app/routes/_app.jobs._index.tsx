import { JOB_STATUSES, JobStatus } from '@kyros/contracts/schemas/jobs';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from '@remix-run/react';
import { JobsTable } from '../components/jobs/jobs-table.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { Icon } from '../components/nav-icons.tsx';
import { withApi } from '../lib/api.server.ts';
import { isJobEvent, isJobMoving, STATUS_LABELS } from '../lib/job-view.ts';
import { useLiveJobs } from '../lib/use-live-jobs.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';

export const meta: MetaFunction = () => [{ title: 'Jobs · Kyros' }];

const PAGE_SIZE = 20;

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const url = new URL(request.url);
    const status = JobStatus.safeParse(url.searchParams.get('status') ?? undefined);
    const cursor = url.searchParams.get('cursor') ?? undefined;
    const [page, presets] = await Promise.all([
      api.jobs.listJobs({
        limit: PAGE_SIZE,
        cursor,
        status: status.success ? status.data : undefined,
      }),
      api.jobs.listPresets(),
    ]);
    return {
      jobs: page.items,
      nextCursor: page.next_cursor,
      onFirstPage: !cursor,
      status: status.success ? status.data : null,
      presetNames: Object.fromEntries(presets.items.map((preset) => [preset.id, preset.name])),
      now: Date.now(),
    };
  });
}

export default function JobsPage() {
  const {
    jobs: loadedJobs,
    nextCursor,
    onFirstPage,
    status,
    presetNames,
    now: loadedAt,
  } = useLoaderData<typeof loader>();
  const now = useNow(5000, loadedAt);
  const submit = useSubmit();
  const [params] = useSearchParams();
  const jobs = useLiveJobs(loadedJobs);
  useLiveRevalidate((event) => isJobEvent(event.event));
  const moving = jobs.some((job) => isJobMoving(job.status));
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set('cursor', nextCursor);
  const firstParams = new URLSearchParams(params);
  firstParams.delete('cursor');
  return (
    <>
      <PageHeader
        eyebrow="Generation"
        title="Jobs"
        description="Each job runs a preset as the Temporal workflow job-<id>: it drafts variants, waits for someone to accept one, then exports it as a file."
        actions={
          <Link to="/studio" className={buttonClass('primary')} data-testid="jobs-new">
            + New job in Studio
          </Link>
        }
      />
      <Form
        method="get"
        className="mb-4 flex flex-wrap items-center gap-3"
        onChange={(event) => submit(event.currentTarget)}
      >
        <label className="text-sm text-muted" htmlFor="jobs-status">
          Status
        </label>
        <select
          id="jobs-status"
          name="status"
          defaultValue={status ?? ''}
          data-testid="jobs-status-filter"
          className="focus-ring rounded-lg border border-line-strong bg-surface px-3 py-1.5 text-sm text-fg"
        >
          <option value="">All statuses</option>
          {JOB_STATUSES.map((value) => (
            <option key={value} value={value}>
              {STATUS_LABELS[value]}
            </option>
          ))}
        </select>
        <noscript>
          <button type="submit" className={buttonClass('secondary')}>
            Filter
          </button>
        </noscript>
        {moving ? (
          <span className="text-xs text-muted" data-testid="jobs-following">
            <span
              aria-hidden="true"
              className="mr-1 inline-block size-1.5 animate-pulse rounded-full bg-accent align-middle"
            />
            Following running jobs
          </span>
        ) : null}
      </Form>
      {jobs.length === 0 ? (
        <EmptyState
          testId="jobs-empty"
          icon={<Icon name="jobs" />}
          title={status ? `No ${STATUS_LABELS[status].toLowerCase()} jobs` : 'No jobs yet'}
          action={
            <Link to="/studio" className={buttonClass('primary')}>
              Open Studio
            </Link>
          }
        >
          {status
            ? 'Pick another status, or start a job in Studio.'
            : 'Start one in Studio: pick a preset, fill its inputs and press Start. Schedules start jobs by themselves too.'}
        </EmptyState>
      ) : (
        <>
          <JobsTable jobs={jobs} presetNames={presetNames} now={now} />
          <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
            {onFirstPage ? (
              <span />
            ) : (
              <Link
                to={`?${firstParams}`}
                className={buttonClass('ghost')}
                data-testid="jobs-first-page"
              >
                ← Newest
              </Link>
            )}
            {nextCursor ? (
              <Link
                to={`?${nextParams}`}
                className={buttonClass('secondary')}
                data-testid="jobs-next-page"
              >
                Older →
              </Link>
            ) : (
              <span className="text-xs text-subtle">End of the list</span>
            )}
          </nav>
        </>
      )}
    </>
  );
}
