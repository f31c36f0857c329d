import { describe, expect } from 'vitest';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { TokenResponse, UserSchema } from '@kyros/contracts/schemas/auth';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

// This file's database starts with one admin (the fixture's): it is the last admin until a test
// adds another, and the tests that race admins against each other run last.
let api: InProcessApi;
/** An admin API key: a credential that stays admin whatever happens to the users. */
let keyHeaders: Record<string, string>;

test.override({ apiOptions: { clock: 'real' } });
test.beforeAll(async ({ api: started }) => {
  api = started;
  keyHeaders = bearer(await adminKey('last-admin-tests', api.auth.adminHeaders));
});

const PASSWORD = 'correct horse battery staple';
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
// Not API keys: using one stamps its last use.
const accounts = () => snapshotRows(api.auth.prisma, ['user', 'refreshToken']);
const enabledAdmins = () =>
  api.auth.prisma.user.findMany({
    where: { role: 'admin', disabledAt: null },
    select: { id: true },
  });

/** Minted with the admin key by default: the fixture admin may be demoted by then. */
async function adminKey(name: string, headers = keyHeaders): Promise<string> {
  const created = await sendRaw(api.url, 'POST', '/auth/api-keys', {
    body: { name, role: 'admin' },
    headers,
  });
  expect(created.status).toBe(201);
  return (created.json as { secret: string }).secret;
}

/** A new admin made through the admin key, signed in. */
async function newAdmin() {
  const email = `admin-${Math.random().toString(36).slice(2, 10)}@kyros.test`;
  const created = await sendRaw(api.url, 'POST', '/users', {
    body: { email, password: PASSWORD, role: 'admin' },
    headers: keyHeaders,
  });
  expect(created.status).toBe(201);
  const login = await sendRaw(api.url, 'POST', '/auth/login', {
    body: { email, password: PASSWORD },
  });
  const tokens = TokenResponse.parse(login.json);
  return { id: tokens.user.id, headers: bearer(tokens.access_token) };
}

const patchUser = (id: string, body: object, headers: Record<string, string>) =>
  sendRaw(api.url, 'PATCH', `/users/${id}`, { body, headers });

const lockouts = [
  { what: 'demote', body: { role: 'operator' } },
  { what: 'disable', body: { disabled: true } },
  { what: 're-password', body: { password: 'another long passphrase' } },
];

describe('the last enabled admin', () => {
  test.each(lockouts)(
    'cannot $what themselves through a session: 409, nothing changed',
    async ({ body }) => {
      await expectUnchanged(accounts, async () => {
        const response = await patchUser(api.auth.admin.id, body, api.auth.adminHeaders);
        const problem = expectProblem(response, 409, 'conflict');
        // Ahead of "admins cannot demote themselves": this reason says what to do about it.
        expect(problem.detail).toMatch(/is the last enabled admin/);
      });
    },
  );

  test.each(lockouts)(
    'cannot be made to $what through an admin API key: 409 naming the rule, nothing changed',
    async ({ body }) => {
      await expectUnchanged(accounts, async () => {
        const response = await patchUser(api.auth.admin.id, body, keyHeaders);
        const problem = expectProblem(response, 409, 'conflict');
        expect(problem.detail).toMatch(/is the last enabled admin/);
      });
    },
  );

  test('can still change their display name, and be re-passworded once another admin exists', async () => {
    const renamed = await patchUser(api.auth.admin.id, { display_name: 'Root' }, keyHeaders);
    expect(UserSchema.parse(renamed.json).display_name).toBe('Root');

    const other = await newAdmin();
    const repassworded = await patchUser(
      other.id,
      { password: 'another long passphrase' },
      keyHeaders,
    );
    expect(repassworded.status).toBe(200);
    // Leave the fixture admin the last one again for the tests that follow.
    expect((await patchUser(other.id, { disabled: true }, keyHeaders)).status).toBe(200);
    expect(await enabledAdmins()).toEqual([{ id: api.auth.admin.id }]);
  });
});

describe('admins changing each other at the same time', () => {
  test('two admin keys demoting the only two admins at once: one wins, the other gets 409', async () => {
    const [first, second] = [bearer(await adminKey('race-1')), bearer(await adminKey('race-2'))];
    let survivor = api.auth.admin.id;
    for (let round = 0; round < 8; round += 1) {
      const other = await newAdmin();
      const answers = await Promise.all([
        patchUser(survivor, { role: 'viewer' }, first),
        patchUser(other.id, { disabled: true }, second),
      ]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const refused = answers.find((answer) => answer.status === 409);
      expect(ProblemSchema.parse(refused?.json).detail).toMatch(/last enabled admin/);
      const left = await enabledAdmins();
      expect(left).toHaveLength(1);
      survivor = left[0]?.id ?? '';
    }
  });

  test('two admins demoting each other through their sessions leave one enabled admin', async () => {
    for (let round = 0; round < 8; round += 1) {
      const [one, two] = [await newAdmin(), await newAdmin()];
      // Down to exactly these two enabled admins.
      await Promise.all(
        (await enabledAdmins())
          .filter(({ id }) => id !== one.id && id !== two.id)
          .map(({ id }) => patchUser(id, { disabled: true }, keyHeaders)),
      );
      expect(await enabledAdmins()).toHaveLength(2);

      const answers = await Promise.all([
        patchUser(two.id, { role: 'operator' }, one.headers),
        patchUser(one.id, { role: 'operator' }, two.headers),
      ]);

      // The loser is refused by the rule (409) or, if the winner's change reached the auth
      // check first, as a no-longer-admin token (401); never do both succeed.
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      for (const answer of answers.filter(({ status }) => status !== 200)) {
        expect([401, 409]).toContain(answer.status);
      }
      expect(await enabledAdmins()).toHaveLength(1);
    }
  });

  test('many concurrent disables of every admin leave exactly one, the rest succeed', async () => {
    for (let i = 0; i < 5; i += 1) await newAdmin();
    const admins = await enabledAdmins();
    expect(admins.length).toBeGreaterThanOrEqual(6);
    const keys = await Promise.all(admins.map((_, i) => adminKey(`disabler-${i}`)));

    const answers = await Promise.all(
      admins.map(({ id }, i) => patchUser(id, { disabled: true }, bearer(keys[i] ?? ''))),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(admins.length - 1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(1);
    expect(await enabledAdmins()).toHaveLength(1);
  });
});
