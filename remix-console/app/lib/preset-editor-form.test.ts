import { describe, expect, it } from 'vitest';
import { parseCreatePresetForm, parseUpdatePresetForm } from './preset-editor-form.ts';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

const valid = {
  name: 'weekly-digest',
  template: '## {{title}}',
  format: 'json',
  parameters: '{"title": "Week"}',
  variant_count: '2',
  description: '',
};

describe('preset editor form', () => {
  it('builds a create request with parsed parameters and no empty description', () => {
    expect(parseCreatePresetForm(form(valid))).toEqual({
      ok: true,
      request: {
        name: 'weekly-digest',
        template: '## {{title}}',
        format: 'json',
        parameters: { title: 'Week' },
        variant_count: 2,
      },
    });
  });

  it('clears the description on update when emptied', () => {
    const result = parseUpdatePresetForm(form(valid));
    expect(result.ok && result.request.description).toBeNull();
  });

  it('refuses a bad slug, non-object parameters and an empty template', () => {
    const result = parseCreatePresetForm(
      form({ ...valid, name: 'Weekly Digest', parameters: '[1]', template: '' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['name', 'parameters', 'template']);
  });
});
