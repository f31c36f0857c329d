import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent, mergeSnapshot, upsertTask } from './board-live.ts';
import { aTask } from '@kyros/test-support/collab/a-task';

const task = aTask;

function event(name: string, details: Record<string, unknown>, actor = 'agent:ada'): CollabEvent {
  return { id: 7, ts: '2026-11-25T10:00:00.000Z', event: name, actor, target: 'T-1', details };
}

const transitioned = (to: string, version: number, actor?: string) =>
  event('task_transitioned', { task_id: 'T-1', from: 'queued', to, version }, actor);

describe('applying a live event to the board', () => {
  it('moves the card a transition names and assigns the claimer', () => {
    const board = [task('T-0'), task('T-1')];
    const step = applyLiveEvent(board, transitioned('claimed', 2));
    expect(step.kind).toBe('patch');
    if (step.kind !== 'patch') return;
    expect(step.tasks[1]).toMatchObject({
      id: 'T-1',
      status: 'claimed',
      assignee: 'agent:ada',
      version: 2,
      updated_at: '2026-11-25T10:00:00.000Z',
    });
    expect(step.tasks[0]).toBe(board[0]);
    expect(board[1]?.status).toBe('queued');
  });

  it('clears the assignee when a task goes back to queued and keeps it otherwise', () => {
    const claimed = [task('T-1', { status: 'in_progress', assignee: 'agent:ada', version: 3 })];
    const review = applyLiveEvent(claimed, transitioned('review', 4, 'agent:bob'));
    expect(review.kind === 'patch' && review.tasks[0]?.assignee).toBe('agent:ada');
    const queued = applyLiveEvent(claimed, transitioned('queued', 4));
    expect(queued.kind === 'patch' && queued.tasks[0]?.assignee).toBeNull();
  });

  it('ignores an event for a version the board already shows', () => {
    const board = [task('T-1', { status: 'claimed', version: 2 })];
    expect(applyLiveEvent(board, transitioned('claimed', 2))).toEqual({ kind: 'ignore' });
    expect(
      applyLiveEvent(board, event('task_updated', { task_id: 'T-1', version: 2, fields: [] })),
    ).toEqual({ kind: 'ignore' });
  });

  it('loads the task when a transition skips a version the board never saw', () => {
    expect(applyLiveEvent([task('T-1')], transitioned('claimed', 3))).toEqual({
      kind: 'fetch',
      id: 'T-1',
    });
  });

  it('loads just the one task for a creation or an edit, whose content the event lacks', () => {
    const board = [task('T-1')];
    const created = event('task_created', { task_id: 'T-2', title: 'x', status: 'queued' });
    expect(applyLiveEvent(board, created)).toEqual({ kind: 'fetch', id: 'T-2' });
    const updated = event('task_updated', { task_id: 'T-1', version: 2, fields: ['title'] });
    expect(applyLiveEvent(board, updated)).toEqual({ kind: 'fetch', id: 'T-1' });
    const known = event('task_created', { task_id: 'T-1', title: 'T-1', status: 'queued' });
    expect(applyLiveEvent(board, known)).toEqual({ kind: 'ignore' });
  });

  it('leaves the board alone for run progress and events about other things', () => {
    const board = [task('T-1')];
    for (const name of ['executor_started', 'task_claimed', 'lease_granted', 'agent_heartbeat']) {
      expect(applyLiveEvent(board, event(name, { task_id: 'T-1' }))).toEqual({ kind: 'ignore' });
    }
  });

  it('falls back to reloading the board for a task event it cannot apply', () => {
    const board = [task('T-1')];
    expect(applyLiveEvent(board, event('task_archived', { task_id: 'T-1' }))).toEqual({
      kind: 'revalidate',
    });
    expect(applyLiveEvent(board, event('task_transitioned', { task_id: 'T-1' }))).toEqual({
      kind: 'revalidate',
    });
  });
});

describe('putting a loaded task on the board', () => {
  it('replaces an older version in place and adds a new task last', () => {
    const board = [task('T-1'), task('T-2')];
    const edited = task('T-1', { title: 'Renamed', version: 2 });
    expect(upsertTask(board, edited)).toEqual([edited, board[1]]);
    const added = task('T-3');
    expect(upsertTask(board, added)).toEqual([...board, added]);
  });

  it('keeps a newer version the board already shows', () => {
    const board = [task('T-1', { version: 3 })];
    expect(upsertTask(board, task('T-1', { version: 2 }))).toBe(board);
  });
});

describe('merging a reloaded board with live changes', () => {
  it('takes the snapshot but keeps newer live versions and tasks it does not have yet', () => {
    const live = [task('T-1', { status: 'claimed', version: 2 }), task('T-2'), task('T-9')];
    const snapshot = [task('T-1'), task('T-2', { title: 'Edited', version: 2 })];
    expect(mergeSnapshot(live, snapshot)).toEqual([live[0], snapshot[1], live[2]]);
  });

  it('returns the snapshot itself when live changes add nothing', () => {
    const snapshot = [task('T-1', { version: 2 })];
    expect(mergeSnapshot([task('T-1')], snapshot)).toBe(snapshot);
  });
});
