import { describe, expect, it } from 'vitest';
import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import { TaskSchema, type Task } from '@kyros/contracts/schemas/collab-tasks';
import { liveOverlaps, pickNextTask } from './task-dispatch.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function task(id: string, fields: Partial<Task> = {}): Task {
  return TaskSchema.parse({
    id,
    title: id,
    status: 'queued',
    version: 1,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
    ...fields,
  });
}

function lease(resource: string, heartbeatAt = NOW.toISOString(), ttl = 60): Lease {
  return {
    lock_id: 'lease-1',
    resource,
    holder: 'agent-a',
    acquired_at: heartbeatAt,
    ttl_seconds: ttl,
    heartbeat_at: heartbeatAt,
    expires_at: new Date(Date.parse(heartbeatAt) + ttl * 1000).toISOString(),
    fencing_token: 1,
  };
}

describe('pickNextTask', () => {
  it('takes the highest priority first, then the oldest', () => {
    const tasks = [
      task('T-1', { priority: 'low' }),
      task('T-2', { priority: 'critical', created_at: '2026-03-01T02:00:00.000Z' }),
      task('T-3', { priority: 'critical', created_at: '2026-03-01T01:00:00.000Z' }),
    ];
    expect(pickNextTask(tasks, [], NOW).task?.id).toBe('T-3');
  });

  it('skips tasks that are not queued or whose dependencies are not done', () => {
    const tasks = [
      task('T-1', { status: 'in_progress', priority: 'critical' }),
      task('T-2', { priority: 'critical', dependencies: ['T-1'] }),
      task('T-3', { priority: 'low' }),
    ];
    expect(pickNextTask(tasks, [], NOW).task?.id).toBe('T-3');
  });

  it('passes over a task whose resources overlap a live lease and says which lease', () => {
    const tasks = [
      task('T-1', { priority: 'high', resources: ['src/**'] }),
      task('T-2', { resources: ['docs/a.md'] }),
    ];
    const pick = pickNextTask(tasks, [lease('src/app.ts')], NOW);
    expect(pick.task?.id).toBe('T-2');
    expect(pick.blocked).toEqual([
      { task: tasks[0], overlaps: [{ resource: 'src/**', lease: lease('src/app.ts') }] },
    ]);
  });

  it('ignores stale leases and answers nothing when every ready task is blocked', () => {
    const stale = lease('src', '2026-03-01T11:00:00.000Z', 60);
    expect(pickNextTask([task('T-1', { resources: ['src/a'] })], [stale], NOW).task?.id).toBe(
      'T-1',
    );
    expect(
      pickNextTask([task('T-1', { resources: ['src/a'] })], [lease('src')], NOW).task,
    ).toBeUndefined();
  });

  it('keeps only tasks carrying every wanted label', () => {
    const tasks = [task('T-1', { labels: ['docs'] }), task('T-2', { labels: ['docs', 'M1'] })];
    expect(pickNextTask(tasks, [], NOW, { labels: ['docs', 'M1'] }).task?.id).toBe('T-2');
  });
});

describe('liveOverlaps', () => {
  it('lists each live overlapping lease per resource', () => {
    const held = lease('docs');
    expect(liveOverlaps(['docs/a.md', 'src/b.ts'], [held], NOW)).toEqual([
      { resource: 'docs/a.md', lease: held },
    ]);
  });
});
