import { pino } from 'pino';
import { afterAll, describe, expect } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import type { TestDatabase } from '@kyros/test-support/database/test-database';
import { createAuditLog } from '../../audit/prisma-audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import { createPreset } from './create-preset.ts';
import { deletePreset } from './delete-preset.ts';
import { updatePreset } from './update-preset.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';

const OPERATOR: Principal = {
  kind: 'api_key',
  id: 'k-1',
  role: 'operator',
  actor: 'api_key:ops',
  actsAs: { kind: 'unbound_key', name: 'ops' },
};
const REFUSE_PRESET_AUDIT =
  "ALTER TABLE audit_events ADD CONSTRAINT refuse_preset_audit CHECK (action NOT LIKE 'preset.%') NOT VALID";

describe('a preset change and its audit row commit together', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const deps = () => ({
    prisma,
    audit: createAuditLog({ prisma, logger: pino({ level: 'silent' }) }),
  });
  const request = (name: string) => ({
    name,
    template: '# {{title}}',
    format: 'markdown' as const,
    parameters: {},
    variant_count: 2,
  });

  test.beforeAll(({ database }) => {
    db = database;
    prisma = createPrismaClient({ connectionString: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
  });

  test('records each change with its audit row while the audit can be written', async () => {
    const common = { deps: deps(), principal: OPERATOR, requestId: 'req-1' };
    const created = await createPreset({ ...common, request: request('kept') });
    await updatePreset({ ...common, id: created.id, request: { template: '# {{x}}' } });
    await deletePreset({ ...common, id: created.id });
    const actions = await prisma.auditEvent.findMany({
      where: { targetId: created.id },
      orderBy: { ts: 'asc' },
    });
    expect(actions.map((row) => row.action)).toEqual([
      'preset.created',
      'preset.updated',
      'preset.deleted',
    ]);
  });

  test('writes nothing when the audit row cannot be written: no create, update or delete', async () => {
    const common = { deps: deps(), principal: OPERATOR, requestId: 'req-2' };
    const existing = await createPreset({ ...common, request: request('existing') });
    await prisma.$executeRawUnsafe(REFUSE_PRESET_AUDIT);

    await expect(createPreset({ ...common, request: request('orphan') })).rejects.toThrow();
    await expect(
      updatePreset({ ...common, id: existing.id, request: { template: '# changed' } }),
    ).rejects.toThrow();
    await expect(deletePreset({ ...common, id: existing.id })).rejects.toThrow();

    expect(await prisma.preset.findFirst({ where: { name: 'orphan' } })).toBeNull();
    expect(await prisma.preset.findUnique({ where: { id: existing.id } })).toMatchObject({
      template: '# {{title}}',
    });
  });
});
