import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, describe, expect } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import type { TestDatabase } from '@kyros/test-support/database/test-database';
import { createAuditLog } from '../../audit/prisma-audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { seedDefaultPresets } from '../seed-presets.ts';
import { createJob } from './create-job.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';

const OPERATOR: Principal = {
  kind: 'api_key',
  id: 'k-1',
  role: 'operator',
  actor: 'api_key:ops',
  actsAs: { kind: 'unbound_key', name: 'ops' },
};

describe('createJob when its workflow cannot start', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let temporal: TemporalDevServer;
  let connection: Connection;

  test.beforeAll(async ({ database, temporal: server }) => {
    db = database;
    temporal = server;
    prisma = createPrismaClient({ connectionString: db.url, poolSize: 4 });
    await seedDefaultPresets(prisma);
    connection = await Connection.connect({ address: temporal.address });
  });
  afterAll(async () => {
    await connection?.close();
    await prisma?.$disconnect();
  });

  test('withdraws the jobs (no row left, created then withdrawn in the audit), all of them at once', async () => {
    // A real server refusing every start: the namespace does not exist.
    const client = new Client({ connection, namespace: 'no-such-namespace' });
    const deps = {
      prisma,
      audit: createAuditLog({ prisma, logger: pino({ level: 'silent' }) }),
      temporalClient: () => Promise.resolve(client),
      taskQueue: 'kyros-test',
      artifactsDir: '/nonexistent',
    };
    const preset = await prisma.preset.findFirstOrThrow();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        createJob({
          deps,
          request: { preset_id: preset.id, input: {} },
          principal: OPERATOR,
          requestId: undefined,
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(8).fill('rejected'));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(AppError);
        expect((outcome.reason as AppError).code).toBe('unavailable');
      }
    }
    expect(await prisma.job.count()).toBe(0);
    const audit = await prisma.auditEvent.findMany({ where: { targetType: 'job' } });
    const actionsByJob = new Map<string | null, string[]>();
    for (const row of audit) {
      actionsByJob.set(row.targetId, [...(actionsByJob.get(row.targetId) ?? []), row.action]);
    }
    expect(actionsByJob.size).toBe(8);
    for (const actions of actionsByJob.values()) {
      expect(actions.sort()).toEqual(['job.created', 'job.withdrawn']);
    }
  });
});
