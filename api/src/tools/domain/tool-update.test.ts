import { describe, expect, it } from 'vitest';
import { planToolUpdate } from './tool-update.ts';

const current = { enabled: true, config: { printWidth: 80 } };

describe('planToolUpdate', () => {
  it('disabling is one change with one tool.disabled audit row', () => {
    expect(planToolUpdate('docs/format', current, { enabled: false })).toEqual({
      ok: true,
      changes: { enabled: false },
      audit: [{ action: 'tool.disabled', payload: {} }],
    });
  });

  it('a new config replaces the old one and records both', () => {
    expect(planToolUpdate('docs/format', current, { config: { proseWrap: 'always' } })).toEqual({
      ok: true,
      changes: { config: { proseWrap: 'always' } },
      audit: [
        {
          action: 'tool.configured',
          payload: { from: { printWidth: 80 }, to: { proseWrap: 'always' } },
        },
      ],
    });
  });

  it('fields equal to the current ones change and audit nothing', () => {
    expect(
      planToolUpdate('docs/format', current, { enabled: true, config: { printWidth: 80 } }),
    ).toEqual({ ok: true, changes: {}, audit: [] });
  });

  it('options outside the tool schema are refused, naming each field', () => {
    expect(
      planToolUpdate('docs/format', current, { config: { printWidth: 'wide', semi: false } }),
    ).toMatchObject({
      ok: false,
      errors: [{ path: 'config.printWidth' }, { path: 'config' }],
    });
  });

  it('a tool without options takes only {}', () => {
    expect(
      planToolUpdate('lint', { enabled: true, config: {} }, { config: { fix: true } }).ok,
    ).toBe(false);
  });
});
