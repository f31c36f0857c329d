import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Icon } from '../components/nav-icons.tsx';
import { ScheduleForm } from '../components/scheduler/schedule-form.tsx';
import { ScheduleList } from '../components/scheduler/schedule-list.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { readFlags } from '../lib/flags.server.ts';
import { parseScheduleForm } from '../lib/schedule-form.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Scheduler · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const { flags, file } = await readFlags(context.flagsFile);
    if (!flags.schedulerEnabled) {
      return {
        enabled: false as const,
        flagsFile: file,
        schedules: [],
        presets: [],
        now: Date.now(),
      };
    }
    const [schedules, presets] = await Promise.all([
      api.jobs.listSchedules(),
      api.jobs.listPresets(),
    ]);
    return {
      enabled: true as const,
      flagsFile: file,
      schedules: schedules.items,
      presets: presets.items.map(({ id, name }) => ({ id, name })),
      now: Date.now(),
    };
  });
}

const Change = z.object({ intent: z.enum(['pause', 'resume', 'delete']), id: z.string() });

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const { flags } = await readFlags(context.flagsFile);
    if (!flags.schedulerEnabled) {
      return {
        ok: false as const,
        status: 403,
        title: 'The scheduler is turned off',
        detail: 'schedulerEnabled is false in the flags file',
      };
    }
    const form = await request.formData();
    try {
      if (form.get('intent') === 'create') {
        const parsed = parseScheduleForm(form);
        if (!parsed.ok) {
          return {
            ok: false as const,
            status: 400,
            title: 'Check the schedule',
            detail: 'Some fields are not valid',
            errors: parsed.errors,
          };
        }
        const created = await api.jobs.createSchedule(parsed.request);
        const next = created.next_run_times[0];
        return {
          ok: true as const,
          message: `Schedule “${created.name}” created`,
          detail: next ? `Next run ${next}` : undefined,
        };
      }
      const change = Change.parse(Object.fromEntries(form));
      if (change.intent === 'delete') {
        await api.jobs.deleteSchedule(change.id);
        return { ok: true as const, message: 'Schedule deleted' };
      }
      const updated = await api.jobs.patchSchedule(change.id, {
        paused: change.intent === 'pause',
      });
      return {
        ok: true as const,
        message: `“${updated.name}” ${updated.paused ? 'paused' : 'resumed'}`,
      };
    } catch (error) {
      const failure = describeApiFailure(error);
      // The API names the refused field (cron, run_at, time_zone); show it next to that field.
      const field = /\b(cron|run_at|time_zone|name|preset_id)\b/.exec(`${failure.detail}`)?.[1];
      return field && form.get('intent') === 'create'
        ? { ...failure, errors: { [field]: failure.detail } }
        : failure;
    }
  });
}

export default function SchedulerPage() {
  const data = useLoaderData<typeof loader>();
  const now = useNow(10_000, data.now);
  const role = useRole();
  useLiveRevalidate(
    (event) => event.event.startsWith('schedule_') || event.event === 'job_created',
  );
  if (!data.enabled) {
    return (
      <>
        <PageHeader eyebrow="Generation" title="Scheduler" />
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
      <PageHeader
        eyebrow="Generation"
        title="Scheduler"
        description="Start a preset's job by itself: on a cron rhythm or once at a given time. Each schedule is a Temporal Schedule; the next run times come from Temporal."
      />
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
