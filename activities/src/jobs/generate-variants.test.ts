import { describe, expect, it } from 'vitest';
import { fillTemplate, generateDeterministicVariants } from './generate-variants.ts';

describe('the deterministic variant generator', () => {
  it('fills placeholders, lists arrays as bullets and leaves unknown names visible', () => {
    expect(
      fillTemplate('Release {{version}}:\n{{ changes }}\n{{missing}}', {
        version: '1.2',
        changes: ['fix a', 'add b'],
      }),
    ).toBe('Release 1.2:\n- fix a\n- add b\n{{missing}}');
  });

  it('makes exactly N distinct variants, the same ones every time', () => {
    const plan = {
      presetName: 'release-notes',
      template: 'Changes: {{changes}}',
      format: 'markdown' as const,
      values: { changes: 'many' },
      variantCount: 7,
    };
    const variants = generateDeterministicVariants(plan);
    expect(variants).toHaveLength(7);
    expect(new Set(variants.map((variant) => variant.title)).size).toBe(7);
    expect(variants[0]).toEqual({
      title: 'release-notes: Concise',
      body: 'In short:\n\nChanges: many\n',
    });
    expect(generateDeterministicVariants(plan)).toEqual(variants);
  });
});
