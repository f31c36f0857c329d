import { MAX_VARIANTS, type Preset } from '@kyros/contracts/schemas/jobs';
import { Form } from '@remix-run/react';
import { inputName, presetInputFields, type InputField } from '../../lib/preset-form.ts';
import { roleBlock } from '../../lib/roles.ts';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';
import { CONTROL } from '../ui/form-field.tsx';

/** The inputs of a preset, generated from its parameters and template, and the Start button. */
export function StudioForm({
  preset,
  errors = {},
  role,
  submitting,
}: {
  preset: Preset;
  errors?: Record<string, string>;
  role: string;
  submitting: boolean;
}) {
  const fields = presetInputFields(preset);
  const block = roleBlock(role, 'operator', 'start jobs');
  return (
    <Form method="post" data-testid="studio-form" className="space-y-4" noValidate>
      <input type="hidden" name="intent" value="start" />
      <input type="hidden" name="preset_id" value={preset.id} />
      {fields.length === 0 ? (
        <p className="text-sm text-muted">This preset takes no inputs.</p>
      ) : (
        fields.map((field) => (
          <FieldControl key={field.key} field={field} error={errors[field.key]} />
        ))
      )}
      <div>
        <label htmlFor="studio-variant-count" className="mb-1 block text-sm font-medium text-fg">
          Variants
        </label>
        <input
          id="studio-variant-count"
          name="variant_count"
          type="number"
          min={1}
          max={MAX_VARIANTS}
          defaultValue={preset.variant_count}
          data-testid="studio-variant-count"
          aria-invalid={errors.variant_count ? true : undefined}
          aria-describedby={errors.variant_count ? 'studio-variant-count-error' : undefined}
          className={CONTROL.replace('w-full', 'w-24')}
        />
        {errors.variant_count ? (
          <FieldError id="studio-variant-count-error" message={errors.variant_count} />
        ) : null}
      </div>
      {errors.form ? <FieldError id="studio-form-error-general" message={errors.form} /> : null}
      <GatedButton
        type="submit"
        block={block}
        disabled={submitting}
        data-testid="studio-start"
        className={buttonClass('primary', 'w-full !py-2.5')}
      >
        {submitting ? 'Starting…' : 'Start job'}
      </GatedButton>
    </Form>
  );
}

function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p
      id={id}
      data-testid="studio-form-error"
      className="mt-1 text-xs text-rose-600 dark:text-rose-300"
    >
      {message}
    </p>
  );
}

function FieldControl({ field, error }: { field: InputField; error: string | undefined }) {
  const id = `studio-input-${field.key}`;
  const hint =
    field.kind === 'list'
      ? 'One item per line.'
      : field.kind === 'json'
        ? 'JSON.'
        : field.source === 'template'
          ? 'Used by the template; no default.'
          : undefined;
  const common = {
    id,
    name: inputName(field.key),
    'data-testid': id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
  return (
    <div>
      {field.kind === 'boolean' ? (
        <label className="flex items-center gap-2 text-sm font-medium text-fg">
          <input type="hidden" name={common.name} value="false" />
          <input
            {...common}
            type="checkbox"
            value="true"
            defaultChecked={field.initial === 'true'}
            className="focus-ring size-4 accent-indigo-500"
          />
          {field.label}
        </label>
      ) : (
        <>
          <label
            htmlFor={id}
            className="mb-1 flex items-baseline justify-between text-sm font-medium text-fg"
          >
            {field.label}
            <code className="font-mono text-[11px] font-normal text-subtle">{`{{${field.key}}}`}</code>
          </label>
          {field.kind === 'list' || field.kind === 'multiline' || field.kind === 'json' ? (
            <textarea
              {...common}
              rows={field.kind === 'json' ? 4 : 3}
              defaultValue={field.initial}
              className={`${CONTROL} ${field.kind === 'json' ? 'font-mono text-xs' : ''}`}
            />
          ) : (
            <input
              {...common}
              type={field.kind === 'number' ? 'number' : 'text'}
              defaultValue={field.initial}
              className={CONTROL}
            />
          )}
        </>
      )}
      {error ? (
        <FieldError id={`${id}-error`} message={error} />
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-[11px] text-subtle">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
