import { describe, expect, it } from 'vitest';
import { runnableTool } from './runnable-tool.ts';

const row = (enabled: boolean, config: unknown = {}) => ({
  name: 'docs/format',
  enabled,
  config,
  version: 1,
});

describe('allowlist ∩ enabled', () => {
  it('runs an allowlisted, enabled tool with its stored options', () => {
    expect(runnableTool('docs/format', row(true, { printWidth: 60 }))).toEqual({
      runnable: true,
      name: 'docs/format',
      config: { printWidth: 60 },
    });
  });

  it('refuses a tool its row disables', () => {
    const tool = runnableTool('docs/format', row(false));
    expect(tool.runnable).toBe(false);
    expect(tool.runnable ? '' : tool.reason).toMatch(/disabled/);
  });

  it('refuses a name outside the allowlist even when a row enables it', () => {
    const tool = runnableTool('shell/exec', { ...row(true), name: 'shell/exec' });
    expect(tool).toMatchObject({
      runnable: false,
      reason: 'shell/exec is not an allowlisted tool',
    });
  });

  it('treats a missing row as narrowing nothing: the tool runs with no options', () => {
    expect(runnableTool('lint', null)).toEqual({ runnable: true, name: 'lint', config: {} });
  });

  it('refuses stored options the tool schema no longer accepts', () => {
    const tool = runnableTool('docs/format', row(true, { printWidth: 5, semi: false }));
    expect(tool.runnable).toBe(false);
    expect(tool.runnable ? '' : tool.reason).toMatch(/printWidth/);
  });
});
