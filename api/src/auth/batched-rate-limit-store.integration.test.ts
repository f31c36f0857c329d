import type { Options } from 'express-rate-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { BatchedRateLimitStore, PostgresRateLimitStore } from './rate-limit.ts';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  prisma = createPrismaClient({ connectionString: db.url, poolSize: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

function openStore(prefix: string) {
  const database = new PostgresRateLimitStore(prisma, prefix);
  // A long interval: the test flushes by hand.
  const store = new BatchedRateLimitStore(database, 3_600_000);
  store.init({ windowMs: 60_000 } as Options);
  return { store, database };
}

describe('BatchedRateLimitStore', () => {
  it('keeps counting the hits a flush is adding to Postgres while it waits for the database', async () => {
    const { store, database } = openStore('flush-race');
    expect((await store.increment('agent')).totalHits).toBe(1);
    expect((await store.increment('agent')).totalHits).toBe(2);
    expect((await store.increment('agent')).totalHits).toBe(3);
    // The flush takes the two local hits and awaits the upsert; a request arrives meanwhile.
    const flushing = store.flush();
    expect((await store.increment('agent')).totalHits).toBe(4);
    await flushing;
    expect((await database.get('agent'))?.totalHits).toBe(3);
    expect((await store.increment('agent')).totalHits).toBe(5);
    await store.flush();
    expect((await database.get('agent'))?.totalHits).toBe(5);
    await store.shutdown();
  });

  it('adds every replica’s hits to one count', async () => {
    const a = openStore('replicas');
    const b = openStore('replicas');
    await a.store.increment('agent');
    await a.store.increment('agent');
    expect((await b.store.increment('agent')).totalHits).toBe(2);
    await a.store.flush();
    await b.store.flush();
    expect((await a.database.get('agent'))?.totalHits).toBe(3);
    await a.store.shutdown();
    await b.store.shutdown();
  });
});
