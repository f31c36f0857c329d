import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { ApiError, createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { withRetryOn412 } from '@kyros/contracts/client/retry-on-412';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { ApiProcess } from '@kyros/test-support/api/api-process';
import { test, type ApiProcessStarter } from '@kyros/test-support/fixtures/integration-test';
import { signAccessToken } from '../auth/tokens.ts';

// Two real API processes (api/src/main.ts) on one PostgreSQL database with
// KYROS_COLLAB_STORE=postgres: the replicas behind a load balancer of docs/DEPLOYMENT.md.

const jwtSecret = randomBytes(32).toString('base64url');
const dirs: string[] = [];

async function replica(apiProcesses: ApiProcessStarter): Promise<ApiProcess> {
  // Each replica has a directory of its own (its logs/log.md); the state is in the database.
  const collabDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-replica-'));
  dirs.push(collabDir);
  return apiProcesses.start({ collabStore: 'postgres', jwtSecret, collabDir });
}

/** A client acting as `name` (an agent-role user) on `api`. */
function clientOf(api: ApiProcess, name: string): CollabClient {
  const token = signAccessToken(
    { sub: randomUUID(), email: `${name}@kyros.test`, role: 'agent' },
    jwtSecret,
    3600,
  );
  return createKyrosClient({ baseUrl: api.url, credential: token }).collab;
}

function counterOf(metadata: Record<string, unknown>): number {
  return typeof metadata.counter === 'number' ? metadata.counter : 0;
}

test.afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('two API replicas on one PostgreSQL database', () => {
  test('concurrent PATCHes through both replicas lose nothing; a lease taken on A is refused on B; an SSE subscriber on A sees B’s writes in order', async ({
    apiProcesses,
  }) => {
    const [a, b] = [await replica(apiProcesses), await replica(apiProcesses)];
    const onA = clientOf(a, 'writer-a');
    const onB = clientOf(b, 'writer-b');

    // Lost updates: 16 writers, half on each replica, increment one field under If-Match.
    const { id } = await onA.createTask({ title: 'shared counter', metadata: { counter: 0 } });
    // Reads between writes may trail the other replica (docs/adr/0019); a write catches up.
    await onB.createTask({ title: 'sync point B' });
    const WRITERS = 16;
    const INCREMENTS = 10;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const client = writer % 2 === 0 ? onA : onB;
        for (let i = 0; i < INCREMENTS; i += 1) {
          await withRetryOn412(
            async () => {
              const { task, etag } = await client.getTask(id);
              const next = counterOf(task.metadata) + 1;
              return client.patchTask(id, { metadata: { counter: next } }, { ifMatch: etag });
            },
            { maxAttempts: 200, baseDelayMs: 10, maxDelayMs: 500 },
          );
        }
      }),
    );
    await onA.createTask({ title: 'sync point A' });
    const { task, etag } = await onA.getTask(id);
    expect(counterOf(task.metadata)).toBe(WRITERS * INCREMENTS);
    expect(task.version).toBe(1 + WRITERS * INCREMENTS);
    // B commits against the same latest version: A's ETag is current there too.
    const final = await onB.patchTask(id, { metadata: { checked: true } }, { ifMatch: etag });
    expect(final.task.version).toBe(2 + WRITERS * INCREMENTS);

    // Leases: taken on A, refused on B (the commit on B catches up under the writer lock).
    const resource = `src/replicas-${randomUUID()}/**`;
    const grant = await onA.acquireLease({ resource, ttl_seconds: 600 });
    const refused = await onB
      .acquireLease({ resource: `${resource.slice(0, -3)}/file.ts`, ttl_seconds: 600 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(409);
    const next = await onB
      .acquireLease({ resource: `src/other-${randomUUID()}`, ttl_seconds: 600 })
      .then((granted) => granted.fencing_token);
    expect(next).toBeGreaterThan(grant.fencing_token);

    // SSE: a subscriber on A sees what B writes, in B's order, without a gap.
    const after = (await onA.latestEvents({ limit: 1 })).events.at(-1)?.id ?? 0;
    const abort = new AbortController();
    const WRITES = 20;
    const seen: CollabEvent[] = [];
    const subscriber = (async () => {
      const frames = onA.tailEvents({
        since: after,
        task: [id],
        type: ['task_updated'],
        signal: abort.signal,
      });
      for await (const frame of frames) {
        if (frame.type === 'event') seen.push(frame.event);
        if (seen.length === WRITES) return;
      }
    })();
    let current = final.etag;
    for (let i = 0; i < WRITES; i += 1) {
      const patched = await onB.patchTask(id, { metadata: { sse: i } }, { ifMatch: current });
      current = patched.etag;
    }
    await subscriber;
    abort.abort();
    expect(seen.map((event) => event.details.version)).toEqual(
      Array.from({ length: WRITES }, (_, i) => final.task.version + 1 + i),
    );
  });

  test('SIGKILL of replica A in a write storm loses no write A acknowledged', async ({
    apiProcesses,
  }) => {
    const [a, b] = [await replica(apiProcesses), await replica(apiProcesses)];
    const onA = clientOf(a, 'storm-a');
    const acknowledged: string[] = [];
    const label = `storm-${randomUUID().slice(0, 8)}`;
    let killed: Promise<unknown> | undefined;
    // Eight writers create tasks on A; the 40th acknowledgement kills A while the rest are in flight.
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; !killed; i += 1) {
          try {
            const created = await onA.createTask({
              title: `${label} ${writer}.${i}`,
              labels: [label],
            });
            acknowledged.push(created.id);
            if (acknowledged.length === 40) killed = a.kill('SIGKILL');
          } catch {
            return; // the connection the kill cut: that write may or may not have landed
          }
        }
      }),
    );
    await killed;
    const auditor = clientOf(b, 'auditor');
    await auditor.createTask({ title: 'after the kill' }); // a write on B catches it up
    const { data } = await auditor.getState('tasks');
    const onB = new Set(data.tasks.map((task) => task.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    for (const taskId of acknowledged) expect(onB.has(taskId), taskId).toBe(true);
  });
});
