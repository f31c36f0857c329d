import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ExecutorProgress } from '@kyros/contracts/schemas/executors';
import type { ExecutorContext } from '@kyros/activities/executors/executor-context';

const execFileAsync = promisify(execFile);

export interface TempWorkspace {
  /** The parent of `root`: room for files outside the workspace that symlinks can point at. */
  base: string;
  root: string;
  artifactsDir: string;
  heartbeats: ExecutorProgress[];
  context(overrides?: Partial<ExecutorContext>): ExecutorContext;
  write(relative: string, content: string): Promise<string>;
  git(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

/** A fresh workspace directory (and a sibling artifacts dir) under the OS temp dir. */
export async function createTempWorkspace(): Promise<TempWorkspace> {
  const base = await mkdtemp(path.join(tmpdir(), 'kyros-executors-'));
  const root = path.join(base, 'workspace');
  const artifactsDir = path.join(base, 'artifacts');
  await mkdir(root);
  const heartbeats: ExecutorProgress[] = [];
  return {
    base,
    root,
    artifactsDir,
    heartbeats,
    context: (overrides) => ({
      workspaceRoot: root,
      taskId: 'task-1',
      artifactsDir,
      heartbeat: (progress) => heartbeats.push(progress),
      signal: new AbortController().signal,
      ...overrides,
    }),
    async write(relative, content) {
      const file = path.join(root, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    async git(...args) {
      const { stdout } = await execFileAsync(
        'git',
        ['-c', 'user.name=Kyros Test', '-c', 'user.email=test@kyros.invalid', ...args],
        { cwd: root },
      );
      return stdout.trim();
    },
    remove: () => rm(base, { recursive: true, force: true }),
  };
}
