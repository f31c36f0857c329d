import { describe, expect, it } from 'vitest';
import {
  inputName,
  parseStudioForm,
  presetInputFields,
  templatePlaceholders,
} from './preset-form.ts';

const preset = {
  id: '0b6f7f3e-4d5c-4f53-9a55-2b7f1c2d8e10',
  template: '## Release {{version}}\n\n{{changes}}\n\nBy {{ author }}',
  parameters: {
    version: 'next',
    changes: ['(list the changes)'],
    draft: false,
    max: 3,
    meta: { a: 1 },
  },
};

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe('preset inputs', () => {
  it('finds each placeholder once, in template order', () => {
    expect(templatePlaceholders('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });

  it('types each field by its default and adds placeholders without a default', () => {
    const fields = presetInputFields(preset);
    expect(fields.map((field) => [field.key, field.kind, field.source])).toEqual([
      ['version', 'text', 'parameter'],
      ['changes', 'list', 'parameter'],
      ['draft', 'boolean', 'parameter'],
      ['max', 'number', 'parameter'],
      ['meta', 'json', 'parameter'],
      ['author', 'text', 'template'],
    ]);
    expect(fields[1]?.initial).toBe('(list the changes)');
  });

  it('turns the form into the POST /jobs body, lists one item per line', () => {
    const result = parseStudioForm(
      form({
        [inputName('version')]: '1.2.0',
        [inputName('changes')]: 'Faster board\n\n  Fix leases  ',
        [inputName('draft')]: 'true',
        [inputName('max')]: '5',
        [inputName('meta')]: '{"b": 2}',
        [inputName('author')]: 'Ada',
        variant_count: '2',
      }),
      preset,
    );
    expect(result).toEqual({
      ok: true,
      request: {
        preset_id: preset.id,
        input: {
          version: '1.2.0',
          changes: ['Faster board', 'Fix leases'],
          draft: true,
          max: 5,
          meta: { b: 2 },
          author: 'Ada',
        },
        variant_count: 2,
      },
    });
  });

  it('refuses what the API would refuse, per field', () => {
    const result = parseStudioForm(
      form({ [inputName('max')]: 'many', [inputName('meta')]: '{oops', variant_count: '11' }),
      preset,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.max).toBe('must be a number');
    expect(result.errors.meta).toBe('must be valid JSON');
    expect(result.errors.variant_count).toContain('1 to 10');
  });

  it('leaves the variant count to the preset when the field is empty', () => {
    const result = parseStudioForm(
      form({ [inputName('max')]: '1', [inputName('meta')]: '{}' }),
      preset,
    );
    expect(result.ok && 'variant_count' in result.request).toBe(false);
  });
});
