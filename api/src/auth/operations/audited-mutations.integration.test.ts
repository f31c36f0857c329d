import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TestDatabase } from '@kyros/test-support/database/test-database';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectUnchanged } from '@kyros/test-support/api/refusals';
import { createAuditLog } from '../../audit/prisma-audit-log.ts';
import { createAuthDeps, type AuthDeps } from '../auth-deps.ts';
import type { Principal } from '../principal.ts';
import { authenticateCredential } from './authenticate-credential.ts';
import { createApiKey } from './create-api-key.ts';
import { createUser } from './create-user.ts';
import { login } from './login.ts';
import { mintServiceKey } from './mint-service-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import { updateUser } from './update-user.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';

// Every user and key mutation commits with its audit row or not at all. The fault is a real one
// of this file's own database: a CHECK constraint that refuses every new audit_events row.
let db: TestDatabase;
let prisma: PrismaClient;
let deps: AuthDeps;
let admin: Principal;

const PASSWORD = 'correct horse battery staple';

test.beforeAll(async ({ database }) => {
  db = database;
  prisma = createPrismaClient({ connectionString: db.url, poolSize: 4 });
  deps = createAuthDeps({
    prisma,
    audit: createAuditLog({ prisma, logger: pino({ level: 'silent' }) }),
    settings: { jwtSecret: 'x'.repeat(32), accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 60 },
  });
  await createUser({
    deps,
    request: { email: 'root@kyros.test', password: PASSWORD, role: 'admin' },
    principal: undefined,
  });
  const session = await login({
    deps,
    email: 'root@kyros.test',
    password: PASSWORD,
    userAgent: undefined,
  });
  admin = await authenticateCredential({ deps, credential: session.access_token });
});
afterAll(async () => {
  await prisma?.$disconnect();
});

const everything = () => snapshotRows(prisma, ['user', 'refreshToken', 'apiKey', 'auditEvent']);

async function refuseAuditRows(): Promise<void> {
  await prisma.$executeRawUnsafe(
    'ALTER TABLE audit_events ADD CONSTRAINT audit_refused CHECK (false) NOT VALID',
  );
}
async function allowAuditRows(): Promise<void> {
  await prisma.$executeRawUnsafe('ALTER TABLE audit_events DROP CONSTRAINT audit_refused');
}

const auditRowsOf = (targetId: string) =>
  prisma.auditEvent.findMany({ where: { targetId }, orderBy: { ts: 'asc' } });

describe('user and key mutations and their audit rows', () => {
  test('commit together: each mutation writes its audit row, naming who made it', async () => {
    const user = await createUser({
      deps,
      request: { email: 'ana@kyros.test', password: PASSWORD, role: 'viewer' },
      principal: admin,
    });
    await updateUser({ deps, id: user.id, patch: { role: 'operator' }, principal: admin });
    const { api_key: key } = await createApiKey({
      deps,
      request: { name: 'ci', role: 'agent' },
      principal: admin,
    });
    await revokeApiKey({ deps, id: key.id, principal: admin });

    expect((await auditRowsOf(user.id)).map((row) => [row.action, row.actor])).toEqual([
      ['user.created', admin.actor],
      ['user.updated', admin.actor],
    ]);
    expect((await auditRowsOf(key.id)).map((row) => [row.action, row.actor])).toEqual([
      ['api_key.created', admin.actor],
      ['api_key.revoked', admin.actor],
    ]);
  });

  describe('when the audit row cannot be written', () => {
    let viewer: { id: string; token: string; refreshToken: string };
    let liveKey: { id: string; secret: string };

    beforeAll(async () => {
      const made = await createUser({
        deps,
        request: { email: 'bo@kyros.test', password: PASSWORD, role: 'viewer' },
        principal: admin,
      });
      const session = await login({
        deps,
        email: 'bo@kyros.test',
        password: PASSWORD,
        userAgent: undefined,
      });
      viewer = { id: made.id, token: session.access_token, refreshToken: session.refresh_token };
      const created = await createApiKey({
        deps,
        request: { name: 'worker', role: 'agent', service: true },
        principal: admin,
      });
      liveKey = { id: created.api_key.id, secret: created.secret };
      await refuseAuditRows();
    });
    afterAll(allowAuditRows);

    test('a user is not created', async () => {
      await expectUnchanged(everything, async () => {
        await expect(
          createUser({
            deps,
            request: { email: 'cy@kyros.test', password: PASSWORD, role: 'agent' },
            principal: admin,
          }),
        ).rejects.toThrow(/audit_refused/);
      });
    });

    test('a role change, a disable or a new password is not made, and the sessions live on', async () => {
      for (const patch of [
        { role: 'admin' as const },
        { disabled: true },
        { password: 'another long passphrase' },
      ]) {
        await expectUnchanged(everything, async () => {
          await expect(
            updateUser({ deps, id: viewer.id, patch, principal: admin }),
          ).rejects.toThrow(/audit_refused/);
        });
      }
      // Not even this replica ends the sessions of a change that did not commit.
      await expect(
        authenticateCredential({ deps, credential: viewer.token }),
      ).resolves.toMatchObject({ id: viewer.id, role: 'viewer' });
    });

    test('an API key is neither created nor revoked, and the live key keeps working', async () => {
      await expectUnchanged(everything, async () => {
        await expect(
          createApiKey({ deps, request: { name: 'ci-2', role: 'agent' }, principal: admin }),
        ).rejects.toThrow(/audit_refused/);
        await expect(revokeApiKey({ deps, id: liveKey.id, principal: admin })).rejects.toThrow(
          /audit_refused/,
        );
        // The supervisor's key minting revokes the earlier key first: that refusal stops it.
        await expect(mintServiceKey({ deps, name: 'worker', role: 'agent' })).rejects.toThrow(
          /audit_refused/,
        );
      });
      await expect(
        authenticateCredential({ deps, credential: liveKey.secret }),
      ).resolves.toMatchObject({ id: liveKey.id, actsAs: { kind: 'workflows' } });
    });

    test('the same mutations go through once audit rows can be written again', async () => {
      await allowAuditRows();
      try {
        await updateUser({ deps, id: viewer.id, patch: { disabled: true }, principal: admin });
        await revokeApiKey({ deps, id: liveKey.id, principal: admin });
        expect((await auditRowsOf(viewer.id)).map((row) => row.action)).toEqual([
          'user.created',
          'user.updated',
        ]);
        expect((await auditRowsOf(liveKey.id)).map((row) => row.action)).toEqual([
          'api_key.created',
          'api_key.revoked',
        ]);
        await expect(authenticateCredential({ deps, credential: viewer.token })).rejects.toThrow(
          /changed since the token was issued/,
        );
      } finally {
        await refuseAuditRows();
      }
    });
  });
});
