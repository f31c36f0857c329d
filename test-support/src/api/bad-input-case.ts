import { expect } from 'vitest';
import { expectProblem, expectUnchanged } from './refusals.ts';
import { sendRaw } from '../collab/disk-snapshot.ts';
import { snapshotCommitted } from '../collab/collab-store-under-test.ts';
import type { InProcessApi } from './in-process-api.ts';

/** One refused request: what is sent, and the problem it must get. */
export interface BadInputCase {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Send with a key bound to this agent (default: the test's unbound agent key). */
  as?: string;
  status: number;
  code: string;
  detail: RegExp;
  extra?: Record<string, unknown>;
}

/** Sends the request and checks its own 4xx problem+json, and that no byte on disk changed. */
export async function expectRefusedWithDiskUnchanged(
  api: InProcessApi,
  refused: BadInputCase,
): Promise<void> {
  await expectUnchanged(
    () => snapshotCommitted(api),
    async () => {
      const response = await sendRaw(api.url, refused.method, refused.path, {
        ...refused,
        headers: {
          ...(refused.as === undefined ? api.authHeaders : await api.headersFor(refused.as)),
          ...refused.headers,
        },
      });
      const problem = expectProblem(response, refused.status, refused.code);
      expect(problem.detail).toMatch(refused.detail);
      if (refused.extra) expect(problem).toMatchObject(refused.extra);
    },
  );
}
