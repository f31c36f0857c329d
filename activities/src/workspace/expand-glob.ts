import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { namesOneFile } from '@kyros/contracts/lease-resource';
import { assertRealpathInside, assertRelativeInput, realWorkspaceRoot } from './confine-path.ts';
import { isNotFound } from './is-not-found.ts';

/** Directories an executor never reads or writes, whatever the glob says. */
const IGNORED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface WorkspaceFile {
  /** POSIX path relative to the workspace root, as reported back to the task. */
  relative: string;
  absolute: string;
}

/**
 * Expands a glob inside the workspace root, walking from the glob's static base. Directories
 * reached through a symlink are not descended into (anything they hold inside the root is found
 * at its real place). A matched symlink whose realpath is outside the root refuses the whole
 * glob, since silently skipping it would hide an attempt to escape; dangling symlinks are skipped.
 */
export async function expandWorkspaceGlob(
  workspaceRoot: string,
  pattern: string,
  signal?: AbortSignal,
): Promise<WorkspaceFile[]> {
  assertRelativeInput(pattern, 'glob');
  const realRoot = await realWorkspaceRoot(workspaceRoot);
  const isMatch = picomatch(pattern, { dot: false });
  const base = staticBase(pattern);
  if (namesOneFile(pattern) && isMatch(pattern)) return literalFile(realRoot, base, pattern);
  const files: WorkspaceFile[] = [];
  const pending = (await baseInside(realRoot, base)) ? [base] : [];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const dir = pending.pop() ?? '';
    const entries = await readdir(path.join(realRoot, dir), { withFileTypes: true }).catch(
      (error: unknown) => {
        // A base that is a file or vanished between the check and the read matches nothing.
        if (
          dir === base &&
          error instanceof Error &&
          'code' in error &&
          (error.code === 'ENOENT' || error.code === 'ENOTDIR')
        )
          return [];
        throw error;
      },
    );
    for (const entry of entries) {
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) pending.push(relative);
      } else if (isMatch(relative)) {
        const absolute = path.join(realRoot, relative);
        if (
          entry.isFile() ||
          (entry.isSymbolicLink() && (await isLinkToFileInside(realRoot, absolute)))
        ) {
          files.push({ relative, absolute });
        }
      }
    }
  }
  return files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/**
 * What the walk would find for a literal pattern, without reading the directories on the way:
 * the one file, if it is there (a file, or a symlink to a file inside the root) and not under a
 * directory the walk skips. A task that names one file among thousands reads one inode.
 */
async function literalFile(
  realRoot: string,
  base: string,
  relative: string,
): Promise<WorkspaceFile[]> {
  const directories = relative.split('/').slice(0, -1);
  if (directories.some((segment) => IGNORED_DIRECTORIES.has(segment))) return [];
  if (!(await baseInside(realRoot, base))) return [];
  const absolute = path.join(realRoot, relative);
  const found = await lstat(absolute).catch((error: unknown) => {
    // A missing file, or a path through a file (`a.md/x.md`), matches nothing.
    if (
      isNotFound(error) ||
      (error instanceof Error && 'code' in error && error.code === 'ENOTDIR')
    )
      return undefined;
    throw error;
  });
  const isFile =
    found?.isFile() === true ||
    (found?.isSymbolicLink() === true && (await isLinkToFileInside(realRoot, absolute)));
  return isFile ? [{ relative, absolute }] : [];
}

/** The glob's leading directories without magic (`docs/api` for `docs/api/**\/*.md`), or ''. */
function staticBase(pattern: string): string {
  const scanned = picomatch.scan(pattern);
  const base = scanned.isGlob ? scanned.base : path.posix.dirname(scanned.base);
  if (base === '' || base === '.') return '';
  if (base.split('/').some((segment) => IGNORED_DIRECTORIES.has(segment))) return '';
  return base;
}

/** The walk starts at the base, so the base itself must not be a symlink out of the root. */
async function baseInside(realRoot: string, base: string): Promise<boolean> {
  if (base === '') return true;
  try {
    await assertRealpathInside(realRoot, path.join(realRoot, base));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function isLinkToFileInside(realRoot: string, absolute: string): Promise<boolean> {
  try {
    const real = await assertRealpathInside(realRoot, absolute);
    return (await stat(real)).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
