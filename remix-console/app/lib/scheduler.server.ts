import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { describeApiFailure, withApi } from './api.server.ts';
import { readFlags } from './flags.server.ts';
import { parseScheduleForm } from './schedule-form.ts';

// One loader and one action behind every page that shows schedules (Scheduler, Remote › Scheduled).
/** The Scheduler's data: schedules and presets, or why the scheduler is off. */
export function loadScheduler({ request, context }: LoaderFunctionArgs) {
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

/** Create, pause, resume or delete a schedule (the Scheduler page and Remote › Scheduled). */
export function scheduleAction({ request, context }: ActionFunctionArgs) {
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
