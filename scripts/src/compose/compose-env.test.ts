import { describe, expect, it } from 'vitest';
import { COMPOSE_SECRETS, withComposeSecrets } from './compose-env.ts';

describe('npm run compose:env', () => {
  it('writes every compose secret into an empty .env', () => {
    const { text, added } = withComposeSecrets('');
    expect(added).toEqual(Object.keys(COMPOSE_SECRETS));
    expect(text).toMatch(/^KYROS_JWT_SECRET=[\w-]{64}$/m);
    expect(text).toMatch(/^KYROS_CONSOLE_SESSION_SECRET=[0-9a-f]{64}$/m);
  });

  it('keeps every line already there and adds only what is missing, so nothing rotates', () => {
    const existing = 'LOG_LEVEL=debug\nKYROS_JWT_SECRET=kept-as-it-is';
    const { text, added } = withComposeSecrets(existing);
    expect(text.startsWith(`${existing}\n`)).toBe(true);
    expect(added).not.toContain('KYROS_JWT_SECRET');
    expect(text.match(/^KYROS_JWT_SECRET=/gm)).toHaveLength(1);
    expect(withComposeSecrets(text)).toEqual({ text, added: [] });
  });

  it('makes different secrets each time', () => {
    expect(withComposeSecrets('').text).not.toBe(withComposeSecrets('').text);
  });
});
