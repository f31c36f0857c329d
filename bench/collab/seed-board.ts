import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TasksDocumentSchema, type Task } from '@kyros/contracts/schemas/collab-tasks';
import { seedTasksBoard } from '@kyros/api/collab-board-seed';

const SEED_TASKS = fileURLToPath(new URL('../../collaboration/state/tasks.json', import.meta.url));

export interface SeededBoard {
  taskIds: string[];
  /** One task exactly as the store writes its item file, for the raw baseline. */
  taskFile: string;
  /** The bytes of all item files together. */
  bytes: number;
}

/**
 * Builds a board of `count` tasks shaped like the repository's own seed tasks (title,
 * description, a five-item DoD, labels) and writes it in the store's layout (`state/tasks/`,
 * one file per task and a manifest) before the API starts: seeding is setup, not the measured
 * path, and goes through files (`seedTasksBoard`), so 100,000 tasks take seconds.
 * Dependencies are left empty so every task stands alone whatever the board size.
 */
export async function seedBoard(collabDir: string, count: number): Promise<SeededBoard> {
  const templates = TasksDocumentSchema.parse(JSON.parse(await readFile(SEED_TASKS, 'utf8'))).tasks;
  const tasks: Task[] = Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length];
    if (!template) throw new Error(`${SEED_TASKS} holds no tasks to copy`);
    return { ...template, id: `T-${i + 1}`, dependencies: [] };
  });
  const bytes = await seedTasksBoard(collabDir, { version: 1, tasks });
  const taskFile = `${JSON.stringify(tasks[0], null, 2)}\n`;
  return { taskIds: tasks.map((task) => task.id), taskFile, bytes };
}
