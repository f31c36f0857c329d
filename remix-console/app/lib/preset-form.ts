import { CreateJobRequest, MAX_VARIANTS, type Preset } from '@kyros/contracts/schemas/jobs';
import { formText } from './form-data.ts';

/** How one input of a preset is edited: free text, a list (one item per line), a number, a switch or raw JSON. */
export type InputKind = 'text' | 'multiline' | 'list' | 'number' | 'boolean' | 'json';

export interface InputField {
  key: string;
  label: string;
  kind: InputKind;
  /** The value the form starts with, already as the control's text. */
  initial: string;
  /** Where the field comes from: a default in the preset's parameters, or only the template. */
  source: 'parameter' | 'template';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]{1,100})\s*\}\}/g;

/** The `{{name}}` placeholders of a template, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function labelOf(key: string): string {
  const words = key.replace(/[_.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldFor(key: string, value: unknown, source: InputField['source']): InputField {
  const label = labelOf(key);
  if (typeof value === 'number')
    return { key, label, kind: 'number', initial: String(value), source };
  if (typeof value === 'boolean')
    return { key, label, kind: 'boolean', initial: String(value), source };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return { key, label, kind: 'list', initial: value.join('\n'), source };
  }
  if (typeof value === 'string') {
    return {
      key,
      label,
      kind: value.includes('\n') || value.length > 80 ? 'multiline' : 'text',
      initial: value,
      source,
    };
  }
  if (value === undefined) return { key, label, kind: 'text', initial: '', source };
  return { key, label, kind: 'json', initial: JSON.stringify(value, null, 2), source };
}

/**
 * The form for a preset: one field per default in its parameters (typed by the default's value),
 * then one text field per template placeholder that has no default, in template order.
 */
export function presetInputFields(preset: Pick<Preset, 'parameters' | 'template'>): InputField[] {
  const placeholders = templatePlaceholders(preset.template);
  const keys = Object.keys(preset.parameters);
  const ordered = [
    ...placeholders.filter((name) => keys.includes(name)),
    ...keys.filter((key) => !placeholders.includes(key)),
  ];
  const fields = ordered.map((key) => fieldFor(key, preset.parameters[key], 'parameter'));
  for (const name of placeholders) {
    if (!keys.includes(name)) fields.push(fieldFor(name, undefined, 'template'));
  }
  return fields;
}

export type StudioFormResult =
  { ok: true; request: CreateJobRequest } | { ok: false; errors: Record<string, string> };

/** Field names of the Studio form: `input.<key>` per input, and `variant_count`. */
export const inputName = (key: string) => `input.${key}`;

/**
 * Reads the Studio form into a `POST /jobs` body and validates it with the API's own schema
 * (`CreateJobRequest`), so the form refuses exactly what the API would.
 */
export function parseStudioForm(
  form: FormData,
  preset: Pick<Preset, 'id' | 'parameters' | 'template'>,
): StudioFormResult {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = {};
  for (const field of presetInputFields(preset)) {
    const raw = formText(form, inputName(field.key));
    switch (field.kind) {
      case 'list':
        input[field.key] = raw
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length > 0);
        break;
      case 'number': {
        const value = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(value)) errors[field.key] = 'must be a number';
        else input[field.key] = value;
        break;
      }
      case 'boolean':
        input[field.key] = raw === 'true' || raw === 'on';
        break;
      case 'json':
        try {
          input[field.key] = JSON.parse(raw) as unknown;
        } catch {
          errors[field.key] = 'must be valid JSON';
        }
        break;
      default:
        input[field.key] = raw;
    }
  }
  const countText = formText(form, 'variant_count').trim();
  const request = {
    preset_id: preset.id,
    input,
    ...(countText === '' ? {} : { variant_count: Number(countText) }),
  };
  const parsed = CreateJobRequest.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, key] = issue.path;
      const name = head === 'input' && typeof key === 'string' ? key : String(head ?? 'form');
      errors[name] ??=
        name === 'variant_count'
          ? `must be a whole number from 1 to ${MAX_VARIANTS}`
          : issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request };
}
