import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';

// Small parameters keep the unit tests fast; the format and the checks are the same.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('encodes its parameters and a fresh salt, so equal passwords hash differently', async () => {
    const a = await hashPassword('same password', FAST);
    const b = await hashPassword('same password', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
  });

  it('uses memory-hard defaults (N = 2^15)', async () => {
    expect(await hashPassword('x'.repeat(12))).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const hash = await hashPassword('secret password', FAST);
    const parts = hash.split('$');
    parts[5] = Buffer.from('not the real derived key!!').toString('base64url');
    expect(await verifyPassword('secret password', parts.join('$'))).toBe(false);
    expect(await verifyPassword('secret password', 'plain-text')).toBe(false);
    expect(await verifyPassword('secret password', 'scrypt$3$8$1$c2FsdA$aGFzaA')).toBe(false);
  });
});
