import type { Task } from '@kyros/contracts/schemas/collab-tasks';

/** A queued task with every field a `Task` has, for tests: `aTask('T-1', { status: 'review' })`. */
export function aTask(id: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    title: id,
    description: '',
    status: 'queued',
    priority: 'medium',
    dependencies: [],
    dod: [],
    labels: [],
    assignee: null,
    metadata: {},
    version: 1,
    created_at: '2026-11-25T09:00:00.000Z',
    updated_at: '2026-11-25T09:00:00.000Z',
    ...overrides,
  };
}
