import type { Job, Variant } from '@kyros/contracts/schemas/jobs';
import { STATUS_LABELS, STATUS_TONES } from '../../lib/job-view.ts';
import { timeAgo } from '../../lib/time.ts';
import { useLiveJob } from '../../lib/use-live-jobs.ts';
import { Badge } from '../ui/badge.tsx';
import { Skeleton } from '../ui/skeleton.tsx';
import { JobStatusSteps } from './job-status-steps.tsx';
import { VariantCard } from './variant-card.tsx';

/** A job followed live: its status, the stepper, and its variants as they appear. */
export function JobWorkbench({
  job: loadedJob,
  variants,
  presetName,
  workflowUrl,
  role,
  now,
}: {
  job: Job;
  variants: Variant[];
  presetName: string | null;
  workflowUrl: string;
  role: string;
  now: number;
}) {
  const job = useLiveJob(loadedJob);
  const pending = Math.max(0, job.variant_count - variants.length);
  const stillDrafting = job.status === 'queued' || job.status === 'generating';
  return (
    <section data-testid="job-panel" data-job-id={job.id} className="space-y-4" aria-live="polite">
      <div className="rounded-2xl border border-line bg-surface p-5">
        <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="text-[11px] uppercase tracking-wider text-subtle">
              {presetName ?? 'deleted preset'}
              {job.schedule_id ? ' · scheduled' : ''}
            </p>
            <p className="mt-0.5 font-mono text-sm text-fg" title={job.id}>
              job {job.id.slice(0, 8)}
            </p>
            <p className="mt-1 text-xs text-muted" title={job.created_at}>
              Started {timeAgo(job.created_at, now)}
              {job.finished_at ? ` · finished ${timeAgo(job.finished_at, now)}` : ''}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <span data-testid="job-status" data-status={job.status}>
              <Badge tone={STATUS_TONES[job.status]} dot>
                {STATUS_LABELS[job.status]}
              </Badge>
            </span>
            <a
              href={workflowUrl}
              target="_blank"
              rel="noreferrer"
              data-testid="job-workflow-link"
              className="rounded-md border border-line px-2 py-1 font-mono text-[11px] text-muted hover:bg-raised hover:text-fg"
              title="Open the workflow in the Temporal UI"
            >
              {job.workflow_id} ↗
            </a>
          </div>
        </div>
        <JobStatusSteps status={job.status} variants={variants} />
        {job.error ? (
          <p
            data-testid="job-error"
            className="mt-4 rounded-lg border border-rose-500/30 bg-rose-500/10 px-3 py-2 text-sm text-rose-700 dark:text-rose-300"
          >
            {job.error}
          </p>
        ) : null}
        {job.status === 'awaiting_review' ? (
          <p className="mt-4 text-sm text-muted">
            Read the variants, edit one if needed, then <strong className="text-fg">accept</strong>{' '}
            it: the workflow exports it as a file you can download.
          </p>
        ) : null}
      </div>
      <div>
        <h2 className="mb-3 text-sm font-semibold text-fg">
          Variants{' '}
          <span className="font-normal text-subtle">
            {variants.length}/{job.variant_count}
          </span>
        </h2>
        <div data-testid="variant-list" className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3">
          {variants.map((variant) => (
            <VariantCard
              key={variant.id}
              job={job}
              variants={variants}
              variant={variant}
              role={role}
            />
          ))}
          {stillDrafting
            ? Array.from({ length: pending }, (_, index) => (
                <div
                  key={`pending-${index}`}
                  data-testid="variant-pending"
                  aria-label="Variant being drafted"
                  className="space-y-3 rounded-2xl border border-dashed border-line-strong bg-surface/50 p-4"
                >
                  <Skeleton className="h-3 w-20" />
                  <Skeleton className="h-4 w-3/4" />
                  <Skeleton className="h-3 w-full" />
                  <Skeleton className="h-3 w-5/6" />
                  <Skeleton className="h-3 w-2/3" />
                </div>
              ))
            : null}
        </div>
        {!stillDrafting && variants.length === 0 ? (
          <p className="text-sm text-muted" data-testid="variants-none">
            This job ended without variants.
          </p>
        ) : null}
      </div>
    </section>
  );
}
