import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('the console mode', () => {
  it.each([
    [{}, 'development'],
    [{ NODE_ENV: 'production' }, 'production'],
    [{ KYROS_CONSOLE_MODE: 'production' }, 'production'],
    [{ NODE_ENV: 'production', KYROS_CONSOLE_MODE: 'development' }, 'development'],
  ])('%j serves the console in %s mode', (env, mode) => {
    expect(loadConfig(env).console.mode).toBe(mode);
  });

  it('refuses a mode that does not exist, naming the variable', () => {
    expect(() => loadConfig({ KYROS_CONSOLE_MODE: 'fast' })).toThrow(
      /KYROS_CONSOLE_MODE must be development or production/,
    );
  });
});
