import type { Job } from '@kyros/contracts/schemas/jobs';
import { useEffect, useMemo, useState } from 'react';
import { applyJobEvent } from './job-view.ts';
import { useLiveEvents } from './live-events.tsx';

type LiveJob = Pick<Job, 'id' | 'status' | 'error'>;

/**
 * The loaded jobs as the live stream's `job_<status>` events move them, at once and without
 * asking the server (no polling); a new load replaces them. Pages still revalidate on job events
 * for what an event does not carry, such as the variants.
 */
export function useLiveJobs<J extends LiveJob>(loaded: J[]): J[] {
  const [jobs, setJobs] = useState(loaded);
  useEffect(() => setJobs(loaded), [loaded]);
  useLiveEvents((message) => {
    if (message.type !== 'event') return;
    setJobs((current) => {
      const next = current.map((job) => applyJobEvent(job, message.event));
      return next.some((job, i) => job !== current[i]) ? next : current;
    });
  });
  return jobs;
}

/** {@link useLiveJobs} for one job. */
export function useLiveJob<J extends LiveJob>(loaded: J): J {
  const [job] = useLiveJobs(useMemo(() => [loaded], [loaded]));
  return job ?? loaded;
}
