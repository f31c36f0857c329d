import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { describe, expect, it } from 'vitest';
import { canMove, dependenciesOf, groupByStatus, keyboardTarget } from './board-model.ts';
import { aTask } from '@kyros/test-support/collab/a-task';

function task(id: string, status: Task['status'], dependencies: string[] = []): Task {
  return aTask(id, { status, dependencies });
}

describe('board model', () => {
  it('allows only the moves of the task state machine', () => {
    expect(canMove('queued', 'claimed')).toBe(true);
    expect(canMove('queued', 'done')).toBe(false);
    expect(canMove('review', 'in_progress')).toBe(true);
    expect(canMove('done', 'queued')).toBe(false);
  });

  it('moves right to the next column and left along the nearest back-edge', () => {
    expect(keyboardTarget('queued', 'right')).toBe('claimed');
    expect(keyboardTarget('review', 'left')).toBe('in_progress');
    expect(keyboardTarget('claimed', 'left')).toBe('queued');
    expect(keyboardTarget('queued', 'left')).toBeUndefined();
    expect(keyboardTarget('done', 'right')).toBeUndefined();
  });

  it('places a task in the column an in-flight move is taking it to', () => {
    const columns = groupByStatus(
      [task('T-1', 'queued'), task('T-2', 'queued')],
      new Map([['T-2', 'claimed' as const]]),
    );
    expect(columns.queued.map((t) => t.id)).toEqual(['T-1']);
    expect(columns.claimed.map((t) => t.id)).toEqual(['T-2']);
  });

  it('reports each dependency as done, open or missing', () => {
    const dependent = task('T-3', 'queued', ['T-1', 'T-2', 'T-9']);
    const tasks = [task('T-1', 'done'), task('T-2', 'review'), dependent];
    const byId = new Map(tasks.map((t) => [t.id, t]));
    expect(dependenciesOf(dependent, byId)).toEqual([
      { id: 'T-1', state: 'done', status: 'done' },
      { id: 'T-2', state: 'open', status: 'review' },
      { id: 'T-9', state: 'missing' },
    ]);
  });
});
