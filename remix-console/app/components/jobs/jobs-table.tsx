import type { Job } from '@kyros/contracts/schemas/jobs';
import { Link } from '@remix-run/react';
import { STATUS_LABELS, STATUS_TONES } from '../../lib/job-view.ts';
import { timeAgo } from '../../lib/time.ts';
import { Badge } from '../ui/badge.tsx';

/** A compact summary of a job's input: the first values, shortened. */
export function inputSummary(input: Record<string, unknown>): string {
  const parts = Object.entries(input)
    .slice(0, 3)
    .map(([key, value]) => {
      const text = Array.isArray(value)
        ? `${value.length} item${value.length === 1 ? '' : 's'}`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
      return `${key}: ${text.length > 28 ? `${text.slice(0, 27)}…` : text}`;
    });
  return parts.join(' · ') || '—';
}

const TH = 'px-5 py-3 font-medium';

export function JobsTable({
  jobs,
  presetNames,
  now,
}: {
  jobs: Job[];
  presetNames: Record<string, string>;
  now: number;
}) {
  return (
    <div className="overflow-x-auto rounded-2xl border border-line bg-surface">
      <table className="w-full text-left text-sm" data-testid="jobs-table">
        <thead className="border-b border-line bg-sunken/60 text-[11px] uppercase tracking-wider text-subtle">
          <tr>
            <th scope="col" className={TH}>
              Job
            </th>
            <th scope="col" className={TH}>
              Status
            </th>
            <th scope="col" className={TH}>
              Input
            </th>
            <th scope="col" className={TH}>
              Variants
            </th>
            <th scope="col" className={TH}>
              Started by
            </th>
            <th scope="col" className={TH}>
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {jobs.map((job) => (
            <tr
              key={job.id}
              data-testid="job-row"
              data-job-id={job.id}
              data-status={job.status}
              className="transition-colors hover:bg-raised/60"
            >
              <td className="px-5 py-3">
                <Link
                  to={`/jobs/${job.id}`}
                  data-testid="job-link"
                  className="focus-ring rounded font-medium text-fg hover:text-accent-fg"
                >
                  {(job.preset_id && presetNames[job.preset_id]) ?? 'deleted preset'}
                </Link>
                <p className="font-mono text-[11px] text-subtle">{job.id.slice(0, 8)}</p>
              </td>
              <td className="px-5 py-3">
                <Badge tone={STATUS_TONES[job.status]} dot testId="job-row-status">
                  {STATUS_LABELS[job.status]}
                </Badge>
                {job.error ? (
                  <p
                    className="mt-1 max-w-56 truncate text-[11px] text-rose-600 dark:text-rose-300"
                    title={job.error}
                  >
                    {job.error}
                  </p>
                ) : null}
              </td>
              <td
                className="max-w-80 truncate px-5 py-3 text-xs text-muted"
                title={JSON.stringify(job.input)}
              >
                {inputSummary(job.input)}
              </td>
              <td className="px-5 py-3 tabular-nums text-muted">{job.variant_count}</td>
              <td className="px-5 py-3 text-xs text-muted">
                {job.schedule_id ? 'Schedule' : 'Studio / API'}
              </td>
              <td className="whitespace-nowrap px-5 py-3 text-xs text-muted" title={job.created_at}>
                {timeAgo(job.created_at, now)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
