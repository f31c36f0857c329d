import { describe, expect, it } from 'vitest';
import type { EarlierTaskRun } from '@kyros/contracts/schemas/task-run-history';
import { ClosedRunSteps } from './closed-run-steps.ts';

function loader(status = 'COMPLETED') {
  const loads: string[] = [];
  const load = (runId: string) => () => {
    loads.push(runId);
    return Promise.resolve({ run_id: runId, status, steps: [], collapsed: 0 } as EarlierTaskRun);
  };
  return { loads, load };
}

describe('ClosedRunSteps', () => {
  it('reads a closed run once, however many readers ask, at once or later', async () => {
    const cache = new ClosedRunSteps();
    const { loads, load } = loader();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => cache.read('r1', 'COMPLETED', load('r1'))),
    );
    await cache.read('r1', 'COMPLETED', load('r1'));
    expect(loads).toEqual(['r1']);
    expect(new Set(answers).size).toBe(1);
  });

  it('reads a running run afresh every time', async () => {
    const cache = new ClosedRunSteps();
    const { loads, load } = loader('RUNNING');
    await cache.read('r1', 'RUNNING', load('r1'));
    await cache.read('r1', 'RUNNING', load('r1'));
    expect(loads).toEqual(['r1', 'r1']);
  });

  it('forgets a failed read, so the next reader tries again', async () => {
    const cache = new ClosedRunSteps();
    await expect(
      cache.read('r1', 'FAILED', () => Promise.reject(new Error('Temporal is away'))),
    ).rejects.toThrow('Temporal is away');
    const { loads, load } = loader('FAILED');
    await cache.read('r1', 'FAILED', load('r1'));
    expect(loads).toEqual(['r1']);
  });

  it('keeps at most its capacity, dropping the least recently read run', async () => {
    const cache = new ClosedRunSteps(2);
    const { loads, load } = loader();
    await cache.read('r1', 'COMPLETED', load('r1'));
    await cache.read('r2', 'COMPLETED', load('r2'));
    await cache.read('r1', 'COMPLETED', load('r1'));
    await cache.read('r3', 'COMPLETED', load('r3'));
    await cache.read('r1', 'COMPLETED', load('r1'));
    await cache.read('r2', 'COMPLETED', load('r2'));
    expect(loads).toEqual(['r1', 'r2', 'r3', 'r2']);
  });
});
