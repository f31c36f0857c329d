import { expect } from 'vitest';
import { ProblemSchema } from '@kyros/contracts/problem';
import { sendRaw, snapshotDisk } from './disk-snapshot.ts';
import type { CollabTestApi } from './start-collab-test-api.ts';

/** One refused request: what is sent, and the problem it must get. */
export interface BadInputCase {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  detail: RegExp;
  extra?: Record<string, unknown>;
}

/** Sends the request and checks its own 4xx problem+json, and that no byte on disk changed. */
export async function expectRefusedWithDiskUnchanged(
  api: CollabTestApi,
  refused: BadInputCase,
): Promise<void> {
  const before = await snapshotDisk(api.dir);
  const response = await sendRaw(api.url, refused.method, refused.path, refused);
  expect(response.status).toBe(refused.status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = ProblemSchema.parse(response.json);
  expect(problem.code).toBe(refused.code);
  expect(problem.detail).toMatch(refused.detail);
  if (refused.extra) expect(problem).toMatchObject(refused.extra);
  expect(await snapshotDisk(api.dir)).toEqual(before);
}
