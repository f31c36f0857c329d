import { parseToolConfig, toolConfigJsonSchema, ToolName } from '@kyros/contracts/schemas/tools';
import { formText } from './form-data.ts';

/** One control of a tool's options form; blank means "not set" (the workspace config decides). */
export interface ToolConfigField {
  key: string;
  help?: string;
  control: 'number' | 'select';
  /** For selects: the values to offer (booleans as "true" / "false"). */
  options?: string[];
  min?: number;
  max?: number;
  type: 'integer' | 'boolean' | 'string';
}

interface PropertySchema {
  type?: unknown;
  enum?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  description?: unknown;
}

/** The fields of a tool's options form, from the JSON Schema the API sends (`config_schema`). */
export function toolConfigFields(schema: Record<string, unknown>): ToolConfigField[] {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  return Object.entries(properties).flatMap(([key, property]): ToolConfigField[] => {
    const help = typeof property.description === 'string' ? property.description : undefined;
    const base = { key, ...(help ? { help } : {}) };
    if (property.type === 'integer') {
      return [
        {
          ...base,
          type: 'integer',
          control: 'number',
          ...(typeof property.minimum === 'number' ? { min: property.minimum } : {}),
          ...(typeof property.maximum === 'number' ? { max: property.maximum } : {}),
        },
      ];
    }
    if (property.type === 'boolean') {
      return [{ ...base, type: 'boolean', control: 'select', options: ['true', 'false'] }];
    }
    if (Array.isArray(property.enum)) {
      return [{ ...base, type: 'string', control: 'select', options: property.enum.map(String) }];
    }
    return [];
  });
}

export type ToolConfigFormResult =
  | { ok: true; name: string; etag: string; config: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/**
 * Reads the options form (`config.<key>` fields) into the config the API takes and validates it
 * with the tool's own schema, the one the API applies; blank fields are left out.
 */
export function parseToolConfigForm(form: FormData): ToolConfigFormResult {
  const name = ToolName.safeParse(formText(form, 'name'));
  if (!name.success) return { ok: false, errors: { form: 'unknown tool' } };
  const config: Record<string, unknown> = {};
  for (const field of toolConfigFields(toolConfigJsonSchema(name.data))) {
    const text = formText(form, `config.${field.key}`).trim();
    if (text === '') continue;
    config[field.key] =
      field.type === 'integer' ? Number(text) : field.type === 'boolean' ? text === 'true' : text;
  }
  const parsed = parseToolConfig(name.data, config);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, name: name.data, etag: formText(form, 'etag'), config: parsed.data };
}
