import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, KyrosEnvSchema, parseEnv } from './env.ts';

describe('environment schema', () => {
  it('gives every variable a default so an empty environment starts the embedded product', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ API_PORT: 8000, CONSOLE_PORT: 3001, TEMPORAL_UI_PORT: 8233 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('treats an empty value as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', API_PORT: '' })).toMatchObject({ API_PORT: 8000 });
  });

  it.each([
    ['API_PORT', 'eighty', /API_PORT must be a port number \(got "eighty"\)/],
    ['API_PORT', '70000', /API_PORT must be a port between 1 and 65535/],
    ['TEMPORAL_ADDRESS', 'localhost', /TEMPORAL_ADDRESS must be host:port/],
    [
      'DATABASE_URL',
      'mysql://x@y/z',
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    ],
    ['TEMPORAL_TLS', 'yes', /TEMPORAL_TLS must be true or false/],
  ])('refuses %s=%s with one line naming the variable', (variable, value, message) => {
    const error = (() => {
      try {
        parseEnv({ [variable]: value });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration: /);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('is documented variable by variable in .env.example', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set(
      example
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    for (const variable of Object.keys(KyrosEnvSchema.shape)) {
      expect(documented, `${variable} is missing from .env.example`).toContain(variable);
    }
  });
});
