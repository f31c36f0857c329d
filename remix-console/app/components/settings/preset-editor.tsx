import { EXPORT_FORMATS, MAX_VARIANTS, type Preset } from '@kyros/contracts/schemas/jobs';
import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { buttonClass } from '../ui/button.ts';
import { CONTROL } from '../ui/form-field.tsx';

type Result = ActionResult & { errors?: Record<string, string> };

const EXAMPLE_TEMPLATE = '## {{title}}\n\n{{summary}}\n';

/** Create a preset, or edit one (every field; past jobs keep their own copy). */
export function PresetEditor({ preset, onDone }: { preset?: Preset; onDone: () => void }) {
  const fetcher = useFetcher<Result>();
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors ?? {}) : {};
  useActionToast(fetcher.data && !fetcher.data.errors ? fetcher.data : undefined);
  // Close once a save finishes well (keyed fetchers keep old answers, so watch the transition).
  const wasBusy = useRef(false);
  useEffect(() => {
    if (fetcher.state !== 'idle') wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      if (fetcher.data?.ok) onDone();
    }
  }, [fetcher.state, fetcher.data, onDone]);
  const id = (name: string) => `preset-${preset?.id ?? 'new'}-${name}`;
  const invalid = (name: string) =>
    errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${id(name)}-error` } : {};
  const error = (name: string) =>
    errors[name] ? (
      <p
        id={`${id(name)}-error`}
        data-testid="preset-form-error"
        className="mt-1 text-xs text-rose-600 dark:text-rose-300"
      >
        {errors[name]}
      </p>
    ) : null;
  return (
    <fetcher.Form method="post" data-testid="preset-form" className="space-y-3" noValidate>
      <input type="hidden" name="intent" value={preset ? 'preset-update' : 'preset-create'} />
      {preset ? <input type="hidden" name="id" value={preset.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-[1fr_140px_110px]">
        <div>
          <label htmlFor={id('name')} className="mb-1 block text-sm font-medium text-fg">
            Name
          </label>
          <input
            id={id('name')}
            name="name"
            defaultValue={preset?.name}
            placeholder="weekly-digest"
            data-testid="preset-name"
            className={`${CONTROL} font-mono`}
            {...invalid('name')}
          />
          {error('name')}
        </div>
        <div>
          <label htmlFor={id('format')} className="mb-1 block text-sm font-medium text-fg">
            Export as
          </label>
          <select
            id={id('format')}
            name="format"
            defaultValue={preset?.format ?? 'markdown'}
            data-testid="preset-format"
            className={CONTROL}
          >
            {EXPORT_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format === 'json' ? 'JSON' : 'Markdown'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={id('count')} className="mb-1 block text-sm font-medium text-fg">
            Variants
          </label>
          <input
            id={id('count')}
            name="variant_count"
            type="number"
            min={1}
            max={MAX_VARIANTS}
            defaultValue={preset?.variant_count ?? 3}
            data-testid="preset-variant-count"
            className={CONTROL}
            {...invalid('variant_count')}
          />
          {error('variant_count')}
        </div>
      </div>
      <div>
        <label htmlFor={id('description')} className="mb-1 block text-sm font-medium text-fg">
          Description <span className="font-normal text-subtle">(optional)</span>
        </label>
        <input
          id={id('description')}
          name="description"
          defaultValue={preset?.description ?? ''}
          maxLength={500}
          data-testid="preset-description"
          className={CONTROL}
          {...invalid('description')}
        />
        {error('description')}
      </div>
      <div>
        <label htmlFor={id('template')} className="mb-1 block text-sm font-medium text-fg">
          Template{' '}
          <span className="font-normal text-subtle">— Markdown with {'{{placeholders}}'}</span>
        </label>
        <textarea
          id={id('template')}
          name="template"
          rows={6}
          defaultValue={preset?.template ?? EXAMPLE_TEMPLATE}
          data-testid="preset-template"
          className={`${CONTROL} font-mono text-[13px]`}
          {...invalid('template')}
        />
        {error('template')}
      </div>
      <div>
        <label htmlFor={id('parameters')} className="mb-1 block text-sm font-medium text-fg">
          Default inputs{' '}
          <span className="font-normal text-subtle">
            — JSON object; Studio builds its form from it
          </span>
        </label>
        <textarea
          id={id('parameters')}
          name="parameters"
          rows={4}
          defaultValue={JSON.stringify(
            preset?.parameters ?? { title: 'Weekly digest', summary: '' },
            null,
            2,
          )}
          data-testid="preset-parameters"
          className={`${CONTROL} font-mono text-xs`}
          {...invalid('parameters')}
        />
        {error('parameters')}
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={fetcher.state !== 'idle'}
          data-testid="preset-save"
          className={buttonClass('primary')}
        >
          {fetcher.state !== 'idle' ? 'Saving…' : preset ? 'Save preset' : 'Create preset'}
        </button>
        <button
          type="button"
          onClick={onDone}
          className={buttonClass('ghost')}
          data-testid="preset-cancel"
        >
          Cancel
        </button>
      </div>
    </fetcher.Form>
  );
}
