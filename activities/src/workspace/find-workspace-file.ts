import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { assertRealpathInside, realWorkspaceRoot } from './confine-path.ts';

/**
 * The first of `names` present directly in the workspace root (e.g. a tool's config file), or
 * null. A candidate that is a symlink out of the root is refused, not skipped. One directory
 * read, however many names: every task run asks this.
 */
export async function findWorkspaceFile(
  workspaceRoot: string,
  names: readonly string[],
): Promise<string | null> {
  const realRoot = await realWorkspaceRoot(workspaceRoot);
  const present = new Set(await readdir(realRoot));
  const name = names.find((candidate) => present.has(candidate));
  if (name === undefined) return null;
  const candidate = path.join(realRoot, name);
  await assertRealpathInside(realRoot, candidate);
  return candidate;
}
