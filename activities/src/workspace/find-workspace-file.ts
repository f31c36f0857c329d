import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { isNotFound } from './is-not-found.ts';
import { assertRealpathInside, realWorkspaceRoot } from './confine-path.ts';

/**
 * The first of `names` present directly in the workspace root (e.g. a tool's config file), or
 * null. A candidate that is a symlink out of the root is refused, not skipped.
 */
export async function findWorkspaceFile(
  workspaceRoot: string,
  names: readonly string[],
): Promise<string | null> {
  const realRoot = await realWorkspaceRoot(workspaceRoot);
  for (const name of names) {
    const candidate = path.join(realRoot, name);
    const stats = await lstat(candidate).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (stats === null) continue;
    await assertRealpathInside(realRoot, candidate);
    return candidate;
  }
  return null;
}
