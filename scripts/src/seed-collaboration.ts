import { cp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Copies the repository's collaboration seed into the runtime directory on first start. The repo
 * copy is never written by a running server; an existing runtime directory is left untouched.
 */
export async function seedCollaborationDir(seedDir: string, collabDir: string): Promise<boolean> {
  if (await hasEntries(collabDir)) return false;
  await cp(seedDir, collabDir, {
    recursive: true,
    errorOnExist: false,
    force: false,
    filter: (source) => path.basename(source) !== 'README.md',
  });
  return true;
}

async function hasEntries(dir: string): Promise<boolean> {
  try {
    if (!(await stat(dir)).isDirectory()) return true;
    const entries = await readdir(dir);
    return entries.some((entry) => !entry.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
