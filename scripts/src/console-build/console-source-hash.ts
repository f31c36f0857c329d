import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the console's production build is made from, relative to the repository root: the console
 * itself, the contracts it bundles, and the lockfile that fixes every other input.
 */
export const CONSOLE_BUILD_INPUTS = [
  'remix-console',
  'contracts/src',
  'package-lock.json',
  'tsconfig.base.json',
];

/** Inside those inputs: output, caches and installs, never sources. */
const SKIPPED_DIRECTORIES = new Set(['build', 'node_modules', '.cache']);

/**
 * A sha256 over the path and content of every build input, sorted, so any edit, added or deleted
 * file changes it. Reads a few hundred small files: milliseconds, cheap enough for every start.
 */
export async function consoleSourceHash(projectRoot: string): Promise<string> {
  const files: string[] = [];
  for (const input of CONSOLE_BUILD_INPUTS) {
    files.push(...(await listFiles(projectRoot, input)));
  }
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(projectRoot, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return undefined;
      throw error;
    },
  );
  if (entries === undefined) return [relative];
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...(await listFiles(root, child)));
    } else if (entry.isFile()) {
      files.push(child);
    }
  }
  return files;
}
