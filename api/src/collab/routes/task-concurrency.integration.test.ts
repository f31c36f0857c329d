import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { withRetryOn412 } from '@kyros/contracts/client/retry-on-412';
import { committedState } from '@kyros/test-support/collab/collab-store-under-test';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
test.beforeAll(({ api: started }) => {
  api = started;
});

const CLIENTS = 32;
const INCREMENTS = 20;

function counterOf(metadata: Record<string, unknown>): number {
  const value = metadata.counter;
  return typeof value === 'number' ? value : 0;
}

describe('no lost update under concurrency', () => {
  test(
    `${CLIENTS} clients × ${INCREMENTS} increments of one task field, retrying on 412 → exactly ${CLIENTS * INCREMENTS}`,
    { timeout: 300_000 },
    async () => {
      const { id } = await api.client.createTask({ title: 'counter', metadata: { counter: 0 } });
      let conflicts = 0;
      const increment = () =>
        withRetryOn412(
          async ({ lastError }) => {
            if (lastError) conflicts += 1;
            const { task, etag } = await api.client.getTask(id);
            const next = counterOf(task.metadata) + 1;
            return api.client.patchTask(id, { metadata: { counter: next } }, { ifMatch: etag });
          },
          // 32 writers contend for one task: let the backoff window grow past 32 commit times so
          // that retries spread out instead of colliding again (full jitter).
          { maxAttempts: 200, baseDelayMs: 20, maxDelayMs: 2000 },
        );
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < INCREMENTS; i += 1) await increment();
        }),
      );
      const { task } = await api.client.getTask(id);
      expect(counterOf(task.metadata)).toBe(CLIENTS * INCREMENTS);
      expect(task.version).toBe(1 + CLIENTS * INCREMENTS);
      // The contention was real: many writers did lose a race and had to retry.
      expect(conflicts).toBeGreaterThan(0);
      const onDisk = await committedState(api, 'tasks');
      expect(counterOf(onDisk.tasks.find((t) => t.id === id)?.metadata ?? {})).toBe(
        CLIENTS * INCREMENTS,
      );
      const updates = await api.log.readAfter(0, { task: [id], type: ['task_updated'] }, 5000);
      expect(updates.events).toHaveLength(CLIENTS * INCREMENTS);
      expect(updates.events.map((e) => e.details.version)).toEqual(
        Array.from({ length: CLIENTS * INCREMENTS }, (_, i) => i + 2),
      );
    },
  );

  test(`${CLIENTS} clients on ${CLIENTS} different tasks never see a 412`, async () => {
    const ids = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => api.client.createTask({ title: `own ${i}` })),
    );
    let preconditionFailures = 0;
    await Promise.all(
      ids.map(async ({ id }) => {
        for (let i = 0; i < INCREMENTS; i += 1) {
          const { task, etag } = await api.client.getTask(id);
          try {
            await api.client.patchTask(
              id,
              { metadata: { counter: counterOf(task.metadata) + 1 } },
              { ifMatch: etag },
            );
          } catch (error) {
            if (error instanceof ApiError && error.status === 412) preconditionFailures += 1;
            else throw error;
          }
        }
      }),
    );
    expect(preconditionFailures).toBe(0);
    for (const { id } of ids) {
      expect(counterOf((await api.client.getTask(id)).task.metadata)).toBe(INCREMENTS);
    }
  });
});
