import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { roleAtLeast } from './principal.ts';
import { newApiKey, safeEqual, sha256Hex, signAccessToken, verifyAccessToken } from './tokens.ts';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const claims = {
  sub: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  email: 'a@b.c',
  role: 'agent' as const,
};

describe('access tokens', () => {
  it('carry the user, email and role and verify with the same secret', () => {
    const now = new Date('2026-01-01T00:00:00.500Z');
    const checked = verifyAccessToken(signAccessToken(claims, SECRET, 900, now), SECRET, now);
    expect(checked).toEqual({ ok: true, claims: { ...claims, issuedAtMs: now.getTime() } });
  });

  it('expire after their lifetime', () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const token = signAccessToken(claims, SECRET, 60, issued);
    expect(verifyAccessToken(token, SECRET, new Date('2026-01-01T00:00:59Z')).ok).toBe(true);
    expect(verifyAccessToken(token, SECRET, new Date('2026-01-01T00:01:01Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('are invalid with another secret, another algorithm or a changed payload', () => {
    const token = signAccessToken(claims, SECRET, 900);
    expect(verifyAccessToken(token, `${SECRET}x`)).toEqual({ ok: false, reason: 'invalid' });
    const unsigned = jwt.sign({ ...claims }, '', { algorithm: 'none' });
    expect(verifyAccessToken(unsigned, SECRET).ok).toBe(false);
    const [h, , s] = token.split('.');
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(verifyAccessToken(`${h}.${raised}.${s}`, SECRET).ok).toBe(false);
  });

  it('are invalid when they name no known role', () => {
    const token = jwt.sign({ email: 'a@b.c', role: 'root' }, SECRET, {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: 'kyros',
      audience: 'kyros-api',
      expiresIn: 60,
    });
    expect(verifyAccessToken(token, SECRET)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('API keys and hashes', () => {
  it('start with kyr_, differ every time and keep a recognisable prefix', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a.secret).toMatch(/^kyr_[\w-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(sha256Hex(a.secret)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compare in constant time, equal only when equal', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('role ranking', () => {
  it('orders admin > operator > agent > viewer', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'agent')).toBe(true);
    expect(roleAtLeast('agent', 'agent')).toBe(true);
    expect(roleAtLeast('agent', 'operator')).toBe(false);
    expect(roleAtLeast('viewer', 'agent')).toBe(false);
  });
});
