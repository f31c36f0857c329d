import { toolConfigJsonSchema } from '@kyros/contracts/schemas/tools';
import { describe, expect, it } from 'vitest';
import { parseToolConfigForm, toolConfigFields } from './tool-config-form.ts';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe('tool options form', () => {
  it('offers a control per Prettier option of docs/format, and none for lint', () => {
    const fields = toolConfigFields(toolConfigJsonSchema('docs/format'));
    expect(fields.map((field) => [field.key, field.control])).toEqual([
      ['printWidth', 'number'],
      ['proseWrap', 'select'],
      ['tabWidth', 'number'],
      ['useTabs', 'select'],
      ['endOfLine', 'select'],
    ]);
    expect(fields[0]).toMatchObject({ min: 40, max: 200 });
    expect(fields[1]?.options).toEqual(['always', 'never', 'preserve']);
    expect(toolConfigFields(toolConfigJsonSchema('lint'))).toEqual([]);
  });

  it('reads typed values and leaves blank fields out', () => {
    const parsed = parseToolConfigForm(
      form({
        name: 'docs/format',
        etag: '"v3"',
        'config.printWidth': '100',
        'config.proseWrap': 'always',
        'config.useTabs': 'false',
        'config.tabWidth': '',
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      name: 'docs/format',
      etag: '"v3"',
      config: { printWidth: 100, proseWrap: 'always', useTabs: false },
    });
  });

  it('refuses what the API schema refuses, per field', () => {
    const parsed = parseToolConfigForm(form({ name: 'docs/format', 'config.printWidth': '10' }));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? {} : parsed.errors).toHaveProperty('printWidth');
    expect(parseToolConfigForm(form({ name: 'shell/exec' })).ok).toBe(false);
  });
});
