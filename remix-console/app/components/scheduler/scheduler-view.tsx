import { Link, useLoaderData } from '@remix-run/react';
import type { loadScheduler } from '../../lib/scheduler.server.ts';
import { useLiveRevalidate } from '../../lib/use-live-revalidate.ts';
import { useNow } from '../../lib/use-now.ts';
import { useRole } from '../../lib/use-role.ts';
import { Icon } from '../nav-icons.tsx';
import { buttonClass } from '../ui/button.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ScheduleForm } from './schedule-form.tsx';
import { ScheduleList } from './schedule-list.tsx';

/**
 * Schedules, their next runs, pause/resume/delete and the create form: the Scheduler page and
 * Remote › Scheduled both render this with the data of `loadScheduler`.
 */
export function SchedulerView({ header = true }: { header?: boolean }) {
  const data = useLoaderData<typeof loadScheduler>();
  const now = useNow(10_000, data.now);
  const role = useRole();
  useLiveRevalidate(
    (event) => event.event.startsWith('schedule_') || event.event === 'job_created',
  );
  if (!data.enabled) {
    return (
      <>
        {header ? <PageHeader eyebrow="Generation" title="Scheduler" /> : null}
        <EmptyState
          testId="scheduler-disabled"
          icon={<Icon name="scheduler" />}
          title="The scheduler is turned off"
        >
          <p>
            This installation has <code className="font-mono">schedulerEnabled: false</code> in{' '}
            <code className="break-all font-mono">{data.flagsFile}</code>, so the console does not
            create or show schedules. Set it to <code className="font-mono">true</code> and reload
            this page — no restart needed. Jobs can still be started by hand in Studio.
          </p>
        </EmptyState>
      </>
    );
  }
  const presetNames = Object.fromEntries(data.presets.map((preset) => [preset.id, preset.name]));
  return (
    <>
      {header ? (
        <PageHeader
          eyebrow="Generation"
          title="Scheduler"
          description="Start a preset's job by itself: on a cron rhythm or once at a given time. Each schedule is a Temporal Schedule; the next run times come from Temporal."
        />
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="min-w-0">
          {data.schedules.length === 0 ? (
            <EmptyState
              testId="schedules-empty"
              icon={<Icon name="scheduler" />}
              title="No schedules yet"
            >
              Create one with the form: pick a preset, a cron expression such as{' '}
              <code className="font-mono">0 9 * * 1-5</code> or a one-shot time, and its time zone.
            </EmptyState>
          ) : (
            <ScheduleList
              schedules={data.schedules}
              presetNames={presetNames}
              role={role}
              now={now}
            />
          )}
        </div>
        <section
          aria-labelledby="new-schedule"
          className="rounded-2xl border border-line bg-surface p-4 lg:sticky lg:top-6"
        >
          <h2 id="new-schedule" className="mb-3 text-sm font-semibold text-fg">
            New schedule
          </h2>
          {data.presets.length === 0 ? (
            <p className="text-sm text-muted">
              A schedule runs a preset.{' '}
              <Link to="/settings/presets" className={buttonClass('ghost')}>
                Create a preset first
              </Link>
            </p>
          ) : (
            <ScheduleForm presets={data.presets} role={role} defaultTimeZone="UTC" now={data.now} />
          )}
        </section>
      </div>
    </>
  );
}
