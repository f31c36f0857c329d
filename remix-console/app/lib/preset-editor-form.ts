import { CreatePresetRequest, UpdatePresetRequest } from '@kyros/contracts/schemas/jobs';
import { formText } from './form-data.ts';

export type PresetFormResult<T> =
  { ok: true; request: T } | { ok: false; errors: Record<string, string> };

function readFields(form: FormData): {
  value: Record<string, unknown>;
  errors: Record<string, string>;
} {
  const text = (name: string) => formText(form, name);
  const errors: Record<string, string> = {};
  let parameters: unknown = {};
  const parametersText = text('parameters').trim();
  if (parametersText !== '') {
    try {
      parameters = JSON.parse(parametersText) as unknown;
    } catch {
      errors.parameters = 'must be a JSON object, e.g. {"version": "1.2"}';
    }
  }
  if (
    errors.parameters === undefined &&
    (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
  ) {
    errors.parameters = 'must be a JSON object, e.g. {"version": "1.2"}';
  }
  const count = text('variant_count').trim();
  return {
    value: {
      name: text('name').trim(),
      description: text('description').trim(),
      template: text('template'),
      format: text('format') || 'markdown',
      parameters,
      variant_count: count === '' ? 3 : Number(count),
    },
    errors,
  };
}

function collect(
  issues: { path: PropertyKey[]; message: string }[],
  errors: Record<string, string>,
) {
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
}

/** The Settings preset form as a `POST /presets` body, validated with the API's schema. */
export function parseCreatePresetForm(form: FormData): PresetFormResult<CreatePresetRequest> {
  const { value, errors } = readFields(form);
  if (value.description === '') delete value.description;
  const parsed = CreatePresetRequest.safeParse(value);
  if (!parsed.success) collect(parsed.error.issues, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: value as CreatePresetRequest };
}

/** The same form as a `PATCH /presets/{id}` body (every field sent; an empty description clears it). */
export function parseUpdatePresetForm(form: FormData): PresetFormResult<UpdatePresetRequest> {
  const { value, errors } = readFields(form);
  const request = { ...value, description: value.description === '' ? null : value.description };
  const parsed = UpdatePresetRequest.safeParse(request);
  if (!parsed.success) collect(parsed.error.issues, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: request as UpdatePresetRequest };
}
