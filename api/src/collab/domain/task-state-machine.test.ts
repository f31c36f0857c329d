import { describe, expect, it } from 'vitest';
import { TASK_STATUSES, type Task, type TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import {
  assigneeAfter,
  decideTransition,
  dependencyProblem,
  unmetDependencies,
} from './task-state-machine.ts';
import { aTask } from '@kyros/test-support/collab/a-task';

const task = aTask;

function board(...tasks: Task[]) {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return (id: string) => byId.get(id);
}

describe('decideTransition', () => {
  const happyPath: TaskStatus[] = [...TASK_STATUSES];
  it('walks the happy path queued → … → done', () => {
    for (let i = 0; i < happyPath.length - 1; i += 1) {
      const from = happyPath[i] ?? 'queued';
      const to = happyPath[i + 1] ?? 'done';
      expect(decideTransition(task('T-1', { status: from }), to, board())).toEqual({
        allowed: true,
      });
    }
  });

  it.each([
    ['review', 'in_progress'],
    ['approved', 'in_progress'],
    ['merging', 'in_progress'],
    ['claimed', 'queued'],
    ['in_progress', 'queued'],
    ['review', 'queued'],
    ['approved', 'queued'],
    ['merging', 'queued'],
  ] as const)('allows the back-edge %s → %s', (from, to) => {
    expect(decideTransition(task('T-1', { status: from }), to, board()).allowed).toBe(true);
  });

  it.each([
    ['queued', 'in_progress'],
    ['queued', 'done'],
    ['claimed', 'review'],
    ['in_progress', 'approved'],
    ['done', 'queued'],
    ['review', 'review'],
  ] as const)('refuses %s → %s and lists the allowed moves', (from, to) => {
    const decision = decideTransition(task('T-1', { status: from }), to, board());
    expect(decision).toMatchObject({ allowed: false, reason: 'illegal' });
    if (decision.allowed === false && decision.reason === 'illegal') {
      expect(decision.allowedMoves).not.toContain(to);
    }
  });

  it('gates claiming on finished dependencies and names the unmet ones', () => {
    const lookup = board(task('T-2', { status: 'done' }), task('T-3', { status: 'review' }));
    const blocked = task('T-1', { dependencies: ['T-2', 'T-3', 'T-9'] });
    expect(decideTransition(blocked, 'claimed', lookup)).toEqual({
      allowed: false,
      reason: 'unmet_dependencies',
      unmet: [
        { id: 'T-3', status: 'review' },
        { id: 'T-9', status: 'missing' },
      ],
    });
    const ready = task('T-1', { dependencies: ['T-2'] });
    expect(decideTransition(ready, 'claimed', lookup)).toEqual({ allowed: true });
  });

  it('gates merging and done on a complete DoD checklist and names the unchecked items', () => {
    const dod = [
      { item: 'Tests updated', done: true },
      { item: 'Docs updated', done: false },
    ];
    expect(decideTransition(task('T-1', { status: 'approved', dod }), 'merging', board())).toEqual({
      allowed: false,
      reason: 'unchecked_dod',
      unchecked: ['Docs updated'],
    });
    expect(
      decideTransition(task('T-1', { status: 'merging', dod }), 'done', board()),
    ).toMatchObject({ reason: 'unchecked_dod' });
  });

  it('does not gate back-edges: unclaiming works with open DoD items and unmet dependencies', () => {
    const stuck = task('T-1', {
      status: 'merging',
      dependencies: ['T-9'],
      dod: [{ item: 'x', done: false }],
    });
    expect(decideTransition(stuck, 'queued', board())).toEqual({ allowed: true });
  });
});

describe('assigneeAfter', () => {
  it('gives the task to the claimer and takes it back on unclaim', () => {
    expect(assigneeAfter(task('T-1'), 'claimed', 'agent-a')).toBe('agent-a');
    expect(assigneeAfter(task('T-1', { assignee: 'agent-a' }), 'queued', 'agent-b')).toBeNull();
    expect(assigneeAfter(task('T-1', { assignee: 'agent-a' }), 'review', 'agent-b')).toBe(
      'agent-a',
    );
  });
});

describe('dependencyProblem', () => {
  const lookup = board(task('T-1'), task('T-2', { dependencies: ['T-1'] }), task('T-3'));

  it('accepts known, acyclic dependencies', () => {
    expect(dependencyProblem('T-3', ['T-1', 'T-2'], lookup)).toBeUndefined();
  });

  it('names unknown ids', () => {
    expect(dependencyProblem('T-3', ['T-1', 'T-7'], lookup)).toEqual({
      kind: 'unknown',
      ids: ['T-7'],
    });
  });

  it('refuses a self-dependency and a cycle, naming the path', () => {
    expect(dependencyProblem('T-3', ['T-3'], lookup)).toEqual({
      kind: 'cycle',
      path: ['T-3', 'T-3'],
    });
    expect(dependencyProblem('T-1', ['T-2'], lookup)).toEqual({
      kind: 'cycle',
      path: ['T-1', 'T-2', 'T-1'],
    });
  });
});

describe('unmetDependencies', () => {
  it('is empty when there are none', () => {
    expect(unmetDependencies(task('T-1'), board())).toEqual([]);
  });
});
