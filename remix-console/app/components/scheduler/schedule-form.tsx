import { OVERLAP_POLICIES } from '@kyros/contracts/schemas/jobs-schedules';
import type { Preset } from '@kyros/contracts/schemas/jobs';
import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { roleBlock } from '../../lib/roles.ts';
import { CRON_EXAMPLES, nextFullHour, OVERLAP_LABELS } from '../../lib/schedule-form.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';
import { CONTROL } from '../ui/form-field.tsx';

type Result = ActionResult & { errors?: Record<string, string> };

/** Creates a cron or one-shot schedule of a preset; validated with the API's schema on the server. */
export function ScheduleForm({
  presets,
  role,
  defaultTimeZone,
  now,
}: {
  presets: Pick<Preset, 'id' | 'name'>[];
  role: string;
  defaultTimeZone: string;
  now: number;
}) {
  const fetcher = useFetcher<Result>({ key: 'schedule-create' });
  const [kind, setKind] = useState<'cron' | 'once'>('cron');
  const [cron, setCron] = useState<string>(CRON_EXAMPLES[0].cron);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors ?? {}) : {};
  useActionToast(
    fetcher.data && !('errors' in fetcher.data && fetcher.data.errors) ? fetcher.data : undefined,
  );
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  const block = roleBlock(role, 'operator', 'create schedules');
  const error = (name: string) =>
    errors[name] ? (
      <p
        id={`schedule-${name}-error`}
        data-testid="schedule-form-error"
        className="mt-1 text-xs text-rose-600 dark:text-rose-300"
      >
        {errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) =>
    errors[name] ? { 'aria-invalid': true, 'aria-describedby': `schedule-${name}-error` } : {};
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      data-testid="schedule-form"
      className="space-y-4"
      noValidate
    >
      <input type="hidden" name="intent" value="create" />
      <input type="hidden" name="kind" value={kind} />
      <div>
        <label htmlFor="schedule-name" className="mb-1 block text-sm font-medium text-fg">
          Name
        </label>
        <input
          id="schedule-name"
          name="name"
          required
          maxLength={200}
          placeholder="Weekly release notes"
          data-testid="schedule-name"
          className={CONTROL}
          {...invalid('name')}
        />
        {error('name')}
      </div>
      <div>
        <label htmlFor="schedule-preset" className="mb-1 block text-sm font-medium text-fg">
          Preset
        </label>
        <select
          id="schedule-preset"
          name="preset_id"
          data-testid="schedule-preset"
          className={CONTROL}
          defaultValue={presets[0]?.id ?? ''}
          {...invalid('preset_id')}
        >
          {presets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.name}
            </option>
          ))}
        </select>
        {error('preset_id')}
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-fg">When</legend>
        <div
          className="inline-flex rounded-lg border border-line-strong bg-canvas p-0.5"
          role="radiogroup"
          aria-label="Kind of schedule"
        >
          {(['cron', 'once'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={kind === value}
              data-testid={`schedule-kind-${value}`}
              onClick={() => setKind(value)}
              className={`focus-ring rounded-md px-3 py-1.5 text-xs font-medium ${
                kind === value ? 'bg-accent text-white' : 'text-muted hover:text-fg'
              }`}
            >
              {value === 'cron' ? 'Repeating (cron)' : 'Once'}
            </button>
          ))}
        </div>
        {kind === 'cron' ? (
          <div className="mt-3">
            <label htmlFor="schedule-cron" className="sr-only">
              Cron expression
            </label>
            <input
              key="cron"
              id="schedule-cron"
              name="cron"
              value={cron}
              onChange={(event) => setCron(event.target.value)}
              data-testid="schedule-cron"
              className={`${CONTROL} font-mono`}
              {...invalid('cron')}
            />
            {error('cron')}
            <div className="mt-2 flex flex-wrap gap-1.5">
              {CRON_EXAMPLES.map((example) => (
                <button
                  key={example.cron}
                  type="button"
                  onClick={() => setCron(example.cron)}
                  className={`focus-ring rounded-full border px-2.5 py-1 text-[11px] ${
                    cron === example.cron
                      ? 'border-accent bg-accent/10 text-accent-fg'
                      : 'border-line text-muted hover:bg-raised'
                  }`}
                >
                  {example.label}
                </button>
              ))}
            </div>
            <p className="mt-1.5 text-[11px] text-subtle">
              Temporal cron: 5–7 fields, <code>@hourly</code>, <code>@daily</code> or{' '}
              <code>@every 30m</code>.
            </p>
          </div>
        ) : (
          <div className="mt-3">
            <label htmlFor="schedule-run-at" className="sr-only">
              Run at (ISO 8601 with offset)
            </label>
            <input
              key="run_at"
              id="schedule-run-at"
              name="run_at"
              defaultValue={nextFullHour(new Date(now))}
              data-testid="schedule-run-at"
              className={`${CONTROL} font-mono`}
              {...invalid('run_at')}
            />
            {error('run_at')}
            <p className="mt-1.5 text-[11px] text-subtle">
              An ISO 8601 time with an offset, in the future.
            </p>
          </div>
        )}
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor="schedule-tz" className="mb-1 block text-sm font-medium text-fg">
            Time zone
          </label>
          <input
            id="schedule-tz"
            name="time_zone"
            defaultValue={defaultTimeZone}
            list="schedule-tz-list"
            data-testid="schedule-time-zone"
            className={CONTROL}
            {...invalid('time_zone')}
          />
          <datalist id="schedule-tz-list">
            {[
              'UTC',
              'Europe/Paris',
              'Europe/London',
              'America/New_York',
              'America/Los_Angeles',
              'Asia/Tokyo',
            ].map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {error('time_zone')}
        </div>
        <div>
          <label htmlFor="schedule-overlap" className="mb-1 block text-sm font-medium text-fg">
            If still running
          </label>
          <select
            id="schedule-overlap"
            name="overlap_policy"
            defaultValue="skip"
            data-testid="schedule-overlap"
            className={CONTROL}
          >
            {OVERLAP_POLICIES.map((policy) => (
              <option key={policy} value={policy} title={OVERLAP_LABELS[policy]}>
                {OVERLAP_LABELS[policy].split(' — ')[0]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="flex items-center gap-2 text-sm text-muted">
        <input
          type="checkbox"
          name="paused"
          className="focus-ring size-4 accent-indigo-500"
          data-testid="schedule-paused"
        />
        Create paused
      </label>
      <GatedButton
        type="submit"
        block={block}
        disabled={fetcher.state !== 'idle'}
        data-testid="schedule-create"
        className={buttonClass('primary', 'w-full !py-2.5')}
      >
        {fetcher.state !== 'idle' ? 'Creating…' : 'Create schedule'}
      </GatedButton>
    </fetcher.Form>
  );
}
