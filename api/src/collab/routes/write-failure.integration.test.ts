import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { atomicFileWriter, type FileWriter } from '../store/atomic-file-writer.ts';
import { snapshotDisk } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

// The real writer, with a switch that makes the disk refuse writes (as a full disk would).
let diskFull = false;
const refuse = () =>
  Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
const writer: FileWriter = {
  replace: (file, content) => (diskFull ? refuse() : atomicFileWriter.replace(file, content)),
  replaceMany: (dir, files) => (diskFull ? refuse() : atomicFileWriter.replaceMany(dir, files)),
  append: (log, bytes, at) => (diskFull ? refuse() : atomicFileWriter.append(log, bytes, at)),
};

let api: InProcessApi;
test.override({ apiOptions: { writer } });
test.beforeAll(({ api: started }) => {
  api = started;
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ApiError) return error;
  throw new Error(`expected an ApiError, got ${String(error)}`);
}

describe('a failed write changes nothing and answers 503', () => {
  test('PATCH, transition, lease and agent writes roll back memory and leave the disk as it was', async () => {
    const task = await api.client.getTask('T-100');
    const agent = await api.client.getAgent('agent-atlas');
    const tasksEtag = api.store.tasks.etag;
    const locks = structuredClone(api.store.locks.doc);
    const before = await snapshotDisk(api.dir);

    diskFull = true;
    const failures = await Promise.all([
      refusal(api.client.patchTask('T-100', { title: 'lost' }, { ifMatch: task.etag })),
      refusal(api.client.transitionTask('T-100', { to: 'claimed' })),
      refusal(api.client.createTask({ title: 'never' })),
      refusal(api.client.acquireLease({ resource: 'x/**', ttl_seconds: 9 })),
      refusal(api.client.patchAgent('agent-atlas', { available: false }, { ifMatch: agent.etag })),
    ]);
    diskFull = false;

    for (const failure of failures) {
      expect(failure.status).toBe(503);
      expect(failure.problem.code).toBe('unavailable');
      expect(failure.problem.detail).toMatch(
        /could not save the change, so nothing was changed: ENOSPC/,
      );
    }
    expect(await snapshotDisk(api.dir)).toEqual(before);
    expect(api.store.tasks.etag).toBe(tasksEtag);
    expect(api.store.locks.doc).toEqual(locks);
    expect(await api.client.getTask('T-100')).toEqual(task);
    expect(await api.client.getAgent('agent-atlas')).toEqual(agent);
  });

  test('the next write after the disk recovers succeeds from the unchanged state', async () => {
    const task = await api.client.getTask('T-100');
    const patched = await api.client.patchTask('T-100', { title: 'kept' }, { ifMatch: task.etag });
    expect(patched.task.version).toBe(task.task.version + 1);
    const lease = await api.client.acquireLease({ resource: 'x/**', ttl_seconds: 9 });
    expect(lease.fencing_token).toBe(1);
  });
});
