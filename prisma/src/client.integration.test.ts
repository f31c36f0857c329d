import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { applyMigrations } from './migrate.ts';

describe('Prisma Client through the pg driver adapter', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations({ connectionString: db.url, schemaEngineBinary: null });
    prisma = createPrismaClient({ connectionString: db.url, poolSize: 2 });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('writes and reads a job with its variants, ids and defaults filled by the database', async () => {
    const user = await prisma.user.create({
      data: { email: 'ada@example.com', displayName: 'Ada', role: 'operator' },
    });
    const preset = await prisma.preset.create({
      data: { name: 'release notes', template: 'Summarise {{changes}}', createdById: user.id },
    });
    const job = await prisma.job.create({
      data: {
        presetId: preset.id,
        createdById: user.id,
        variantCount: 2,
        input: { changes: ['a', 'b'] },
        variants: {
          create: [
            { ordinal: 0, content: { text: 'one' } },
            { ordinal: 1, content: { text: 'two' } },
          ],
        },
      },
      include: { variants: { orderBy: { ordinal: 'asc' } } },
    });

    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.status).toBe('queued');
    expect(preset.variantCount).toBe(3);
    expect(
      job.variants.map((variant) => [variant.ordinal, variant.status, variant.version]),
    ).toEqual([
      [0, 'draft', 1],
      [1, 'draft', 1],
    ]);
    const [count] = await prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM variants`;
    expect(count?.n).toBe(2);
  });

  it('applies the onDelete rules: variants go with their job, jobs outlive their preset', async () => {
    const preset = await prisma.preset.create({ data: { name: 'to delete', template: 't' } });
    const job = await prisma.job.create({
      data: {
        presetId: preset.id,
        variantCount: 1,
        variants: { create: [{ ordinal: 0, content: {} }] },
      },
    });

    await prisma.preset.delete({ where: { id: preset.id } });
    expect((await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).presetId).toBeNull();

    await prisma.job.delete({ where: { id: job.id } });
    expect(await prisma.variant.count({ where: { jobId: job.id } })).toBe(0);
  });

  it('refuses to delete a preset that a schedule still uses', async () => {
    const preset = await prisma.preset.create({ data: { name: 'scheduled', template: 't' } });
    await prisma.schedule.create({
      data: {
        name: 'nightly',
        presetId: preset.id,
        kind: 'cron',
        cronExpression: '0 3 * * *',
        temporalScheduleId: 'schedule-nightly',
      },
    });
    // P2003: foreign key constraint failed (schedules.preset_id is ON DELETE RESTRICT).
    await expect(prisma.preset.delete({ where: { id: preset.id } })).rejects.toMatchObject({
      code: 'P2003',
    });
  });

  it("queues a transaction behind a busy pool for longer than Prisma's 2 s default instead of refusing it (P2028)", async () => {
    // One connection, held 3 s by the first transaction: the second waits for it, as under load.
    const single = createPrismaClient({ connectionString: db.url, poolSize: 1 });
    try {
      const holding = single.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_sleep(3)`;
        return 'first';
      });
      const queued = single.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT 1::int AS n`;
        return row?.n;
      });
      await expect(Promise.all([holding, queued])).resolves.toEqual(['first', 1]);
    } finally {
      await single.$disconnect();
    }
  });
});
