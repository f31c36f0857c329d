import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { JobWorkbench } from '../components/jobs/job-workbench.tsx';
import { inputSummary } from '../components/jobs/jobs-table.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { withApi } from '../lib/api.server.ts';
import { performJobIntent } from '../lib/job-actions.server.ts';
import { isJobEvent } from '../lib/job-view.ts';
import { loadJobDetail } from '../lib/jobs-loader.server.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.presetName ?? 'Job'} ${data?.job.id.slice(0, 8) ?? ''} · Jobs · Kyros` },
];

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({
    ...(await loadJobDetail(api, context, params.jobId ?? '')),
    now: Date.now(),
  }));
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const result = await performJobIntent(api, await request.formData());
    if (!result) throw new Response('Unknown action', { status: 400 });
    return result;
  });
}

export default function JobDetailPage() {
  const { job, variants, presetName, workflowUrl, now: loadedAt } = useLoaderData<typeof loader>();
  const now = useNow(5000, loadedAt);
  const role = useRole();
  // The status moves live from job_<status> events (in JobWorkbench); variants come with a reload.
  useLiveRevalidate((event) => isJobEvent(event.event));
  return (
    <>
      <nav className="mb-2 text-sm" aria-label="Breadcrumb">
        <Link to="/jobs" className="text-muted hover:text-fg" data-testid="jobs-back">
          ← Jobs
        </Link>
      </nav>
      <PageHeader
        eyebrow="Job"
        title={`${presetName ?? 'Job'} · ${job.id.slice(0, 8)}`}
        description={
          <span title={JSON.stringify(job.input)}>Input — {inputSummary(job.input)}</span>
        }
      />
      <JobWorkbench
        job={job}
        variants={variants}
        presetName={presetName}
        workflowUrl={workflowUrl}
        role={role}
        now={now}
      />
    </>
  );
}
