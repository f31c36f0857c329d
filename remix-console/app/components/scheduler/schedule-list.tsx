import type { Schedule } from '@kyros/contracts/schemas/jobs-schedules';
import { useFetcher } from '@remix-run/react';
import { roleBlock } from '../../lib/roles.ts';
import {
  describeTiming,
  formatRunTime,
  scheduleState,
  timeUntil,
  type ScheduleState,
} from '../../lib/schedule-view.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';

const STATE_TONE: Record<ScheduleState, BadgeTone> = {
  active: 'good',
  paused: 'warn',
  finished: 'neutral',
};

export function ScheduleList({
  schedules,
  presetNames,
  role,
  now,
}: {
  schedules: Schedule[];
  presetNames: Record<string, string>;
  role: string;
  now: number;
}) {
  return (
    <ul className="space-y-3" data-testid="schedule-list">
      {schedules.map((schedule) => (
        <ScheduleItem
          key={schedule.id}
          schedule={schedule}
          presetName={presetNames[schedule.preset_id] ?? 'deleted preset'}
          role={role}
          now={now}
        />
      ))}
    </ul>
  );
}

function ScheduleItem({
  schedule,
  presetName,
  role,
  now,
}: {
  schedule: Schedule;
  presetName: string;
  role: string;
  now: number;
}) {
  const toggle = useFetcher<ActionResult>({ key: `schedule-toggle-${schedule.id}` });
  const remove = useFetcher<ActionResult>({ key: `schedule-delete-${schedule.id}` });
  useActionToast(toggle.data);
  useActionToast(remove.data);
  const state = scheduleState(schedule);
  const block = roleBlock(role, 'operator', 'change schedules');
  const next = schedule.next_run_times.slice(0, 3);
  const last = schedule.recent_run_times.at(-1);
  return (
    <li
      data-testid="schedule-item"
      data-schedule-id={schedule.id}
      data-state={state}
      className={`rounded-2xl border border-line bg-surface p-4 ${
        remove.state !== 'idle' ? 'opacity-50' : ''
      }`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <h3 className="truncate font-semibold text-fg" data-testid="schedule-name-text">
              {schedule.name}
            </h3>
            <Badge tone={STATE_TONE[state]} dot testId="schedule-state">
              {state}
            </Badge>
          </div>
          <p className="mt-1 text-xs text-muted">
            <span className="font-medium text-fg">{presetName}</span> ·{' '}
            <span className="font-mono">{describeTiming(schedule)}</span> · if running:{' '}
            {schedule.overlap_policy.replace('_', ' ')}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {state !== 'finished' ? (
            <toggle.Form method="post">
              <input type="hidden" name="intent" value={schedule.paused ? 'resume' : 'pause'} />
              <input type="hidden" name="id" value={schedule.id} />
              <GatedButton
                type="submit"
                block={block}
                disabled={toggle.state !== 'idle'}
                data-testid={schedule.paused ? 'schedule-resume' : 'schedule-pause'}
                className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
              >
                {schedule.paused ? '▶ Resume' : '❚❚ Pause'}
              </GatedButton>
            </toggle.Form>
          ) : null}
          <remove.Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(`Delete the schedule “${schedule.name}”? Jobs it started stay.`))
                event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={schedule.id} />
            <GatedButton
              type="submit"
              block={block}
              disabled={remove.state !== 'idle'}
              data-testid="schedule-delete"
              className={buttonClass('danger', '!px-3 !py-1.5 text-xs')}
              aria-label={`Delete ${schedule.name}`}
            >
              Delete
            </GatedButton>
          </remove.Form>
        </div>
      </div>
      <div className="mt-3 grid gap-3 border-t border-line pt-3 text-xs sm:grid-cols-2">
        <div>
          <p className="mb-1 text-[11px] uppercase tracking-wider text-subtle">
            Next runs (Temporal)
          </p>
          {next.length === 0 ? (
            <p className="text-muted" data-testid="schedule-no-next">
              {state === 'paused' ? 'Paused — resume to plan runs' : 'No run planned'}
            </p>
          ) : (
            <ol className="space-y-0.5" data-testid="schedule-next-runs">
              {next.map((time) => (
                <li key={time} className="flex justify-between gap-3 tabular-nums">
                  <span className="text-fg" title={time}>
                    {formatRunTime(time, schedule.time_zone)}
                  </span>
                  <span className="text-subtle">{timeUntil(time, now)}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <p className="mb-1 text-[11px] uppercase tracking-wider text-subtle">Last run</p>
          <p className="text-muted">
            {last ? formatRunTime(last, schedule.time_zone) : 'Not run yet'}
          </p>
        </div>
      </div>
    </li>
  );
}
