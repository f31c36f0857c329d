import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  TasksDocumentSchema,
  type Task,
  type TasksDocument,
} from '@kyros/contracts/schemas/collab-tasks';

const SEED_TASKS = fileURLToPath(new URL('../../collaboration/state/tasks.json', import.meta.url));

export interface SeededBoard {
  taskIds: string[];
  /** Exactly what the store writes for this board, so the raw baseline writes the same bytes. */
  content: string;
  bytes: number;
}

/**
 * Builds a board of `count` tasks shaped like the repository's own seed tasks (title,
 * description, a five-item DoD, labels) and writes it as `state/tasks.json` before the API
 * starts: seeding is setup, not the measured path. Dependencies are left empty so every task
 * stands alone whatever the board size.
 */
export async function seedBoard(collabDir: string, count: number): Promise<SeededBoard> {
  const templates = TasksDocumentSchema.parse(JSON.parse(await readFile(SEED_TASKS, 'utf8'))).tasks;
  const tasks: Task[] = Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length];
    if (!template) throw new Error(`${SEED_TASKS} holds no tasks to copy`);
    return { ...template, id: `T-${i + 1}`, dependencies: [] };
  });
  const doc: TasksDocument = { version: 1, tasks };
  // The same serialisation as the store's writer, byte for byte.
  const content = `${JSON.stringify(doc, null, 2)}\n`;
  const stateDir = path.join(collabDir, 'state');
  await mkdir(stateDir, { recursive: true });
  await writeFile(path.join(stateDir, 'tasks.json'), content);
  return { taskIds: tasks.map((task) => task.id), content, bytes: Buffer.byteLength(content) };
}
