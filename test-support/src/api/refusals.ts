import { expect } from 'vitest';
import { ProblemSchema, type Problem } from '@kyros/contracts/schemas/problem';

/** What a raw request answered (`sendRaw` in collab/disk-snapshot.ts and the like). */
export interface RawAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** Checks the answer is a problem+json with this status and code; returns the problem. */
export function expectProblem(answer: RawAnswer, status: number, code: string): Problem {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = ProblemSchema.parse(answer.json);
  expect(problem.code).toBe(code);
  return problem;
}

/**
 * Runs `act` (refused requests) between two readings of `snapshot` (the disk, database rows) and
 * checks they are equal: what was refused changed nothing.
 */
export async function expectUnchanged<T>(
  snapshot: () => Promise<T>,
  act: () => Promise<void>,
): Promise<void> {
  const before = await snapshot();
  await act();
  expect(await snapshot()).toEqual(before);
}
