import { describe, expect, it } from 'vitest';
import { DEMO_METADATA, DEMO_TASKS, isFreshBoard, pathTo } from './demo-plan.ts';

const task = (status: string, assignee: string | null = null, metadata: object = {}) =>
  ({ status, assignee, metadata }) as Parameters<typeof isFreshBoard>[0][number];

describe('demo plan', () => {
  it('fills an empty board or an untouched seed', () => {
    expect(isFreshBoard([])).toBe(true);
    expect(isFreshBoard([task('queued'), task('queued')])).toBe(true);
  });

  it('leaves a board alone once the demo or a person has worked on it', () => {
    expect(isFreshBoard([task('queued', null, DEMO_METADATA)])).toBe(false);
    expect(isFreshBoard([task('queued', 'agent-atlas')])).toBe(false);
    expect(isFreshBoard([task('in_progress')])).toBe(false);
  });

  it('walks a task through every transition to its column', () => {
    expect(pathTo('queued')).toEqual([]);
    expect(pathTo('review')).toEqual(['claimed', 'in_progress', 'review']);
    expect(pathTo('done').at(-1)).toBe('done');
  });

  it('only depends on tasks created before', () => {
    DEMO_TASKS.forEach((demo, index) => {
      for (const dep of demo.request.dependsOn ?? []) expect(dep).toBeLessThan(index);
    });
  });
});
