import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { workspacePathProblem } from '@kyros/contracts/schemas/workspace-path';
import { isNotFound } from './is-not-found.ts';
import { WorkspacePathError } from './workspace-path-error.ts';

/**
 * Refuses the shapes of input that could name something outside the root before touching the
 * disk, by the rule task creation already applied (contracts' workspacePathProblem).
 */
export function assertRelativeInput(input: string, what: string): void {
  const problem = workspacePathProblem(input);
  if (problem !== undefined) throw new WorkspacePathError(`${what} ${problem}`);
}

/** True when `candidate` (absolute, normalised) is `root` itself or below it. */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The root with every symlink resolved, so realpaths of files can be compared against it. */
export async function realWorkspaceRoot(workspaceRoot: string): Promise<string> {
  if (!path.isAbsolute(workspaceRoot)) {
    throw new Error(`workspace root must be absolute: ${workspaceRoot}`);
  }
  return realpath(workspaceRoot);
}

/**
 * Resolves an existing file or directory's realpath and refuses it when a symlink on the way
 * leads out of the root.
 */
export async function assertRealpathInside(realRoot: string, absolute: string): Promise<string> {
  const real = await realpath(absolute);
  if (!isInside(realRoot, real)) {
    throw new WorkspacePathError(
      `${path.relative(realRoot, absolute)} resolves outside the workspace root`,
    );
  }
  return real;
}

/**
 * Resolves a relative file path (e.g. an executor's `output`) to an absolute path inside the
 * root. The file need not exist; when it does, or when one of its parent directories does,
 * their realpaths must stay inside the root, so a symlinked file or directory cannot redirect
 * a write outside it.
 */
export async function resolveWorkspaceFile(
  workspaceRoot: string,
  relative: string,
): Promise<string> {
  assertRelativeInput(relative, 'path');
  const realRoot = await realWorkspaceRoot(workspaceRoot);
  const absolute = path.resolve(realRoot, relative);
  if (!isInside(realRoot, absolute) || absolute === realRoot) {
    throw new WorkspacePathError(`path is outside the workspace root: ${relative}`);
  }
  let existing = absolute;
  for (;;) {
    try {
      await assertRealpathInside(realRoot, existing);
      return absolute;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      existing = path.dirname(existing);
    }
  }
}
