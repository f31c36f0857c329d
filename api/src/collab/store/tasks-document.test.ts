import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { describe, expect, it } from 'vitest';
import { tasksAtVersion, tasksDocument, taskList } from './tasks-document.ts';
import { aTask } from '@kyros/test-support/collab/a-task';

const task = (id: string, title = id): Task => aTask(id, { title });

describe('list-backed tasks documents', () => {
  it('reads, serialises and spreads like a plain document', () => {
    const tasks = [task('T-1'), task('T-2')];
    const doc = tasksDocument(4, taskList({ version: 3, tasks }));
    expect(doc.tasks).toEqual(tasks);
    expect(JSON.parse(JSON.stringify(doc))).toEqual({ version: 4, tasks });
    expect({ ...doc }).toEqual({ version: 4, tasks });
    expect(Object.keys(doc)).toEqual(['version', 'tasks']);
  });

  it('keeps its list from version to version, so a change copies no board', () => {
    const plain = { version: 1, tasks: [task('T-1'), task('T-2')] };
    const list = taskList(plain);
    expect(taskList(plain)).toBe(list);
    const next = tasksDocument(plain.version, list.with(1, task('T-2', 'renamed')));
    const bumped = tasksAtVersion(next, 2);
    expect(bumped.version).toBe(2);
    expect(taskList(bumped)).toBe(taskList(next));
    expect(bumped.tasks.map((each) => each.title)).toEqual(['T-1', 'renamed']);
    expect(plain.tasks.map((each) => each.title)).toEqual(['T-1', 'T-2']);
  });
});
