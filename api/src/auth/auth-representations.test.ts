import { describe, expect, it } from 'vitest';
import { keyBinding, toApiKey, toUser } from './auth-representations.ts';

const created = new Date('2026-12-01T10:00:00.000Z');

describe('auth representations', () => {
  it('a key acts as the workflows when it is the service key, else as its agent, else as itself', () => {
    expect(keyBinding({ name: 'w', agentId: null, service: true })).toEqual({ kind: 'workflows' });
    expect(keyBinding({ name: 'k', agentId: 'agent-quill', service: false })).toEqual({
      kind: 'agent',
      agentId: 'agent-quill',
    });
    expect(keyBinding({ name: 'ci', agentId: null, service: false })).toEqual({
      kind: 'unbound_key',
      name: 'ci',
    });
  });

  it('never puts a password hash or a key hash on the wire', () => {
    const user = toUser({
      id: 'u1',
      email: 'ana@kyros.test',
      displayName: 'ana',
      role: 'viewer',
      disabledAt: null,
      lastLoginAt: null,
      createdAt: created,
      passwordHash: 'scrypt$secret',
    } as Parameters<typeof toUser>[0]);
    expect(user).toEqual({
      id: 'u1',
      email: 'ana@kyros.test',
      display_name: 'ana',
      role: 'viewer',
      disabled: false,
      last_login_at: null,
      created_at: created.toISOString(),
    });
    const key = toApiKey({
      id: 'k1',
      name: 'ci',
      prefix: 'kyr_abcdefgh',
      role: 'agent',
      agentId: null,
      service: false,
      createdById: null,
      createdAt: created,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: created,
      keyHash: 'deadbeef',
    } as Parameters<typeof toApiKey>[0]);
    expect(JSON.stringify(key)).not.toContain('deadbeef');
    expect(key).toMatchObject({ revoked: true, revoked_at: created.toISOString() });
  });
});
