import { describe, expect, it } from 'vitest';
import { parseTaskForm } from './task-form.ts';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe('parseTaskForm', () => {
  it('turns the form into the API request: lists split, one DoD item per line', () => {
    const result = parseTaskForm(
      form({
        title: ' Ship the console ',
        priority: 'high',
        labels: 'console, ui',
        dependencies: 'T-1, T-2',
        dod: 'Tests pass\n\nScreenshots reviewed',
        executor: 'lint',
      }),
    );

    expect(result).toEqual({
      ok: true,
      request: {
        title: 'Ship the console',
        description: undefined,
        priority: 'high',
        labels: ['console', 'ui'],
        dependencies: ['T-1', 'T-2'],
        dod: [
          { item: 'Tests pass', done: false },
          { item: 'Screenshots reviewed', done: false },
        ],
        executor: { name: 'lint', args: {} },
      },
    });
  });

  it('reports the fields the API schema refuses', () => {
    const result = parseTaskForm(form({ title: '', dependencies: 'task-one', executor: 'rm-rf' }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.title).toBe('Give the task a title.');
    expect(result.errors.dependencies).toBe('must look like T-123');
    expect(result.errors.executor).toBeDefined();
  });
});
