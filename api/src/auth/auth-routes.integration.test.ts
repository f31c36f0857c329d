// Long file: the auth contract over HTTP on one server and database (login, roles, refresh
// tokens, users, API keys, OpenAPI), one describe per part.
import { describe, expect } from 'vitest';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { TokenResponse, UserSchema } from '@kyros/contracts/schemas/auth';
import { sendRaw, snapshotDisk } from '@kyros/test-support/collab/disk-snapshot';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { createApiKey } from './operations/create-api-key.ts';
import { signAccessToken } from './tokens.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;

test.override({ apiOptions: { clock: 'real' } });
test.beforeAll(({ api: started }) => {
  api = started;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function login(email: string, password: string) {
  const response = await sendRaw(api.url, 'POST', '/auth/login', { body: { email, password } });
  expect(response.status).toBe(200);
  return TokenResponse.parse(response.json);
}

/** A user made by the admin over HTTP, signed in. */
async function userWithRole(role: 'admin' | 'operator' | 'agent' | 'viewer') {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@kyros.test`;
  const password = 'correct horse battery staple';
  const created = await sendRaw(api.url, 'POST', '/users', {
    body: { email, password, role },
    headers: api.auth.adminHeaders,
  });
  expect(created.status).toBe(201);
  return { ...(await login(email, password)), email, password };
}

/** Every row the auth tables hold, to prove a refused request changed none. */
const authTables = () => snapshotRows(api.auth.prisma, ['user', 'refreshToken', 'apiKey']);
const disk = () => snapshotDisk(api.dir);

/** Sends the request and checks it is refused with a problem+json of this status and code. */
async function expectRefused(
  status: number,
  code: string,
  method: string,
  pathname: string,
  init: Parameters<typeof sendRaw>[3],
) {
  expectProblem(await sendRaw(api.url, method, pathname, init), status, code);
}

describe('authentication', () => {
  test('answers 401 with WWW-Authenticate when no credential is sent, and changes nothing', async () => {
    await expectUnchanged(disk, async () => {
      const response = await sendRaw(api.url, 'POST', '/collab/tasks', { body: { title: 'x' } });
      expectProblem(response, 401, 'unauthorized');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="kyros"/);
    });
  });

  test('refuses an expired access token with 401 naming the expiry', async () => {
    const expired = signAccessToken(
      { sub: api.auth.admin.id, email: api.auth.admin.email, role: 'admin' },
      api.auth.jwtSecret,
      60,
      new Date(Date.now() - 3_600_000),
    );
    const response = await sendRaw(api.url, 'GET', '/collab/agents', { headers: bearer(expired) });
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(ProblemSchema.parse(response.json).detail).toMatch(/expired/);
  });

  test('refuses a tampered token: a role raised in the payload breaks the signature', async () => {
    const viewer = await userWithRole('viewer');
    const [header, payload, signature] = viewer.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await expectUnchanged(authTables, async () => {
      const response = await sendRaw(api.url, 'GET', '/users', {
        headers: bearer(`${header}.${forged}.${signature}`),
      });
      expectProblem(response, 401, 'unauthorized');
    });
  });

  test('refuses a token signed with another secret and a garbage bearer', async () => {
    const other = signAccessToken(
      { sub: api.auth.admin.id, email: api.auth.admin.email, role: 'admin' },
      'another-secret-another-secret-another-secret',
      600,
    );
    await expectRefused(401, 'unauthorized', 'GET', '/users', { headers: bearer(other) });
    await expectRefused(401, 'unauthorized', 'GET', '/users', { headers: bearer('not-a-token') });
    await expectRefused(401, 'unauthorized', 'GET', '/users', {
      headers: { authorization: 'Basic abc' },
    });
  });

  test('keeps the probes and the API description public', async () => {
    expect((await sendRaw(api.url, 'GET', '/healthz')).status).toBe(200);
    expect((await sendRaw(api.url, 'GET', '/openapi.json')).status).toBe(200);
  });

  test('GET /auth/me names the principal of a token and of an API key', async () => {
    const me = await sendRaw(api.url, 'GET', '/auth/me', { headers: api.auth.adminHeaders });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      kind: 'user',
      role: 'admin',
      actor: `user:${api.auth.admin.email}`,
      user: { email: api.auth.admin.email },
    });
    const key = await sendRaw(api.url, 'GET', '/auth/me', {
      headers: { 'x-api-key': api.auth.agentKey },
    });
    expect(key.json).toMatchObject({ kind: 'api_key', role: 'agent', actor: 'api_key:test-agent' });
  });
});

describe('roles', () => {
  test('lets a viewer read the collaboration state but not write it (403, nothing written)', async () => {
    const viewer = await userWithRole('viewer');
    const read = await sendRaw(api.url, 'GET', '/collab/tasks/T-100', {
      headers: bearer(viewer.access_token),
    });
    expect(read.status).toBe(200);
    await expectUnchanged(disk, async () => {
      const write = await sendRaw(api.url, 'POST', '/collab/tasks', {
        body: { title: 'viewer task' },
        headers: bearer(viewer.access_token),
      });
      expect(expectProblem(write, 403, 'forbidden').detail).toMatch(/agent role/);
    });
  });

  test('lets an agent write to the collaboration routes, recorded as the principal', async () => {
    const agent = await userWithRole('agent');
    const created = await sendRaw(api.url, 'POST', '/collab/tasks', {
      body: { title: 'agent task' },
      headers: { ...bearer(agent.access_token), 'x-actor': 'someone-else' },
    });
    expect(created.status).toBe(201);
    const page = await api.client.listEvents({ type: ['task_created'], limit: 1000 });
    expect(page.events.at(-1)).toMatchObject({ actor: `user:${agent.email}` });
  });

  test('keeps user management from agents and operators (403), and the database unchanged', async () => {
    for (const role of ['agent', 'operator'] as const) {
      const user = await userWithRole(role);
      await expectUnchanged(authTables, async () => {
        await expectRefused(403, 'forbidden', 'GET', '/users', {
          headers: bearer(user.access_token),
        });
        await expectRefused(403, 'forbidden', 'POST', '/users', {
          body: {
            email: `x-${role}@kyros.test`,
            password: 'long enough password',
            role: 'admin',
          },
          headers: bearer(user.access_token),
        });
      });
    }
  });

  test('keeps API key management from an operator (403) and from an agent key', async () => {
    const operator = await userWithRole('operator');
    await expectUnchanged(authTables, async () => {
      await expectRefused(403, 'forbidden', 'POST', '/auth/api-keys', {
        body: { name: 'sneaky', role: 'admin' },
        headers: bearer(operator.access_token),
      });
      await expectRefused(403, 'forbidden', 'GET', '/auth/api-keys', { headers: api.authHeaders });
    });
  });
});

describe('refresh tokens', () => {
  test('rotate: each refresh answers a new pair and the old refresh token stops working', async () => {
    const user = await userWithRole('viewer');
    const first = await sendRaw(api.url, 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh_token },
    });
    expect(first.status).toBe(200);
    const rotated = TokenResponse.parse(first.json);
    expect(rotated.refresh_token).not.toBe(user.refresh_token);
    const me = await sendRaw(api.url, 'GET', '/auth/me', {
      headers: bearer(rotated.access_token),
    });
    expect(me.status).toBe(200);
    const rows = await api.auth.prisma.refreshToken.findMany({
      where: { userId: rotated.user.id },
    });
    // Only hashes are stored.
    expect(rows.map((row) => row.tokenHash)).not.toContain(user.refresh_token);
    expect(rows.map((row) => row.tokenHash)).not.toContain(rotated.refresh_token);
  });

  test('revoke the whole family when a rotated token is presented again', async () => {
    const user = await userWithRole('viewer');
    const rotated = TokenResponse.parse(
      (
        await sendRaw(api.url, 'POST', '/auth/refresh', {
          body: { refresh_token: user.refresh_token },
        })
      ).json,
    );
    const reuse = await sendRaw(api.url, 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh_token },
    });
    expectProblem(reuse, 401, 'unauthorized');
    expect(ProblemSchema.parse(reuse.json).detail).toMatch(/already used/);
    // The legitimate holder's newer token is gone too.
    await expectRefused(401, 'unauthorized', 'POST', '/auth/refresh', {
      body: { refresh_token: rotated.refresh_token },
    });
    const family = await api.auth.prisma.refreshToken.findMany({
      where: { userId: user.user.id },
    });
    expect(family.every((row) => row.revokedAt !== null && row.revokedReason === 'reuse')).toBe(
      true,
    );
  });

  test('logout revokes the session so its refresh token no longer works', async () => {
    const user = await userWithRole('viewer');
    const out = await sendRaw(api.url, 'POST', '/auth/logout', {
      body: { refresh_token: user.refresh_token },
    });
    expect(out.status).toBe(204);
    await expectRefused(401, 'unauthorized', 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh_token },
    });
  });

  test('refuses a wrong password and an unknown email alike', async () => {
    const user = await userWithRole('viewer');
    const wrong = await sendRaw(api.url, 'POST', '/auth/login', {
      body: { email: user.email, password: 'not the password' },
    });
    const unknown = await sendRaw(api.url, 'POST', '/auth/login', {
      body: { email: 'nobody@kyros.test', password: 'not the password' },
    });
    expectProblem(wrong, 401, 'unauthorized');
    expectProblem(unknown, 401, 'unauthorized');
    expect(ProblemSchema.parse(wrong.json).detail).toBe(ProblemSchema.parse(unknown.json).detail);
  });
});

describe('user management', () => {
  test('a disabled user cannot sign in, refresh, or use the access token they had', async () => {
    const user = await userWithRole('agent');
    const patched = await sendRaw(api.url, 'PATCH', `/users/${user.user.id}`, {
      body: { disabled: true },
      headers: api.auth.adminHeaders,
    });
    expect(patched.status).toBe(200);
    expect(UserSchema.parse(patched.json).disabled).toBe(true);
    const signIn = await sendRaw(api.url, 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expectProblem(signIn, 401, 'unauthorized');
    expect(ProblemSchema.parse(signIn.json).detail).toMatch(/disabled/);
    await expectRefused(401, 'unauthorized', 'POST', '/auth/refresh', {
      body: { refresh_token: user.refresh_token },
    });
    await expectRefused(401, 'unauthorized', 'GET', '/collab/agents', {
      headers: bearer(user.access_token),
    });
  });

  test('creates one user when the same email is posted many times at once; the rest get 409', async () => {
    const email = `race-${Math.random().toString(36).slice(2, 8)}@kyros.test`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        sendRaw(api.url, 'POST', '/users', {
          body: { email, password: 'correct horse battery staple', role: 'viewer' },
          headers: api.auth.adminHeaders,
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expectProblem(refused, 409, 'conflict');
    }
    expect(await api.auth.prisma.user.count({ where: { email } })).toBe(1);
  });

  test('refuses a duplicate email with 409 and a weak password with 400', async () => {
    const user = await userWithRole('viewer');
    await expectUnchanged(authTables, async () => {
      await expectRefused(409, 'conflict', 'POST', '/users', {
        body: { email: user.email.toUpperCase(), password: 'long enough password' },
        headers: api.auth.adminHeaders,
      });
      await expectRefused(400, 'invalid', 'POST', '/users', {
        body: { email: 'short@kyros.test', password: 'short' },
        headers: api.auth.adminHeaders,
      });
    });
  });
});

describe('API keys', () => {
  test('are shown once, stored hashed, work as Bearer or X-Api-Key, record last use and can be revoked', async () => {
    const created = await sendRaw(api.url, 'POST', '/auth/api-keys', {
      body: { name: 'channel-slack', role: 'operator' },
      headers: api.auth.adminHeaders,
    });
    expect(created.status).toBe(201);
    const { api_key: key, secret } = created.json as {
      api_key: { id: string; prefix: string; last_used_at: string | null };
      secret: string;
    };
    expect(secret).toMatch(/^kyr_/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(key.last_used_at).toBeNull();
    const row = await api.auth.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.keyHash).not.toContain(secret);

    const asBearer = await sendRaw(api.url, 'GET', '/auth/me', { headers: bearer(secret) });
    expect(asBearer.json).toMatchObject({ kind: 'api_key', role: 'operator' });
    const asHeader = await sendRaw(api.url, 'GET', '/collab/agents', {
      headers: { 'x-api-key': secret },
    });
    expect(asHeader.status).toBe(200);

    const listed = await sendRaw(api.url, 'GET', '/auth/api-keys', {
      headers: api.auth.adminHeaders,
    });
    const mine = (listed.json?.api_keys as { id: string; last_used_at: string | null }[]).find(
      (item) => item.id === key.id,
    );
    expect(mine?.last_used_at).not.toBeNull();
    expect(JSON.stringify(listed.json)).not.toContain(secret);

    const revoked = await sendRaw(api.url, 'DELETE', `/auth/api-keys/${key.id}`, {
      headers: api.auth.adminHeaders,
    });
    expect(revoked.json).toMatchObject({ revoked: true });
    await expectRefused(401, 'unauthorized', 'GET', '/collab/agents', { headers: bearer(secret) });
  });

  test('refuses an expired key', async () => {
    const created = await createApiKey({
      deps: api.auth.auth.deps,
      request: {
        name: 'short-lived',
        role: 'agent',
        expires_at: new Date(Date.now() - 1000).toISOString(),
      },
      principal: undefined,
    });
    const response = await sendRaw(api.url, 'GET', '/collab/agents', {
      headers: bearer(created.secret),
    });
    expectProblem(response, 401, 'unauthorized');
    expect(ProblemSchema.parse(response.json).detail).toMatch(/expired/);
  });
});

describe('audit', () => {
  test('records the request id (X-Request-Id) on the audit rows of user and key changes', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const as = (step: string) => ({ ...api.auth.adminHeaders, 'x-request-id': `${tag}-${step}` });
    const user = await sendRaw(api.url, 'POST', '/users', {
      body: { email: `audited-${tag}@kyros.test`, password: 'correct horse battery staple' },
      headers: as('user-create'),
    });
    const userId = UserSchema.parse(user.json).id;
    await sendRaw(api.url, 'PATCH', `/users/${userId}`, {
      body: { role: 'operator' },
      headers: as('user-update'),
    });
    const key = await sendRaw(api.url, 'POST', '/auth/api-keys', {
      body: { name: `audited-${tag}`, role: 'agent' },
      headers: as('key-create'),
    });
    const keyId = (key.json as { api_key: { id: string } }).api_key.id;
    await sendRaw(api.url, 'DELETE', `/auth/api-keys/${keyId}`, { headers: as('key-revoke') });

    const rowsOf = async (targetId: string) =>
      (
        await api.auth.prisma.auditEvent.findMany({ where: { targetId }, orderBy: { ts: 'asc' } })
      ).map((row) => [row.action, row.requestId]);
    expect(await rowsOf(userId)).toEqual([
      ['user.created', `${tag}-user-create`],
      ['user.updated', `${tag}-user-update`],
    ]);
    expect(await rowsOf(keyId)).toEqual([
      ['api_key.created', `${tag}-key-create`],
      ['api_key.revoked', `${tag}-key-revoke`],
    ]);
  });
});

describe('OpenAPI', () => {
  test('documents the auth routes and marks protected routes with the security schemes', async () => {
    const document = (await sendRaw(api.url, 'GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearerAuth', 'apiKeyHeader']),
    );
    // Public routes, sign-in and the probes, are documented with no security requirement.
    expect(document.paths['/auth/login']?.post?.security).toEqual([]);
    expect(document.paths['/users']?.get?.security).toEqual([
      { bearerAuth: [] },
      { apiKeyHeader: [] },
    ]);
    expect(document.paths['/collab/tasks']?.post?.security).toHaveLength(2);
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/auth/refresh', '/auth/logout', '/auth/me', '/auth/api-keys']),
    );
  });
});
