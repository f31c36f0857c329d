import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file so that a crash at any instant leaves the old content or the new, never a mix:
 * a temp file in the same directory (so the rename stays on one filesystem and is atomic), fsync
 * it, rename it over the target, then fsync the directory so the rename itself is durable. On
 * failure the temp file is removed and the target is untouched. A rename replaces a symlink at
 * the target rather than writing through it.
 */
export async function replaceFileAtomically(file: string, content: string): Promise<void> {
  await writeThenRename(file, content);
  await syncDirectory(path.dirname(file));
}

/** Temp file, fsync, rename: atomic, but durable only once the directory is fsynced too. */
async function writeThenRename(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, tempFileName(path.basename(file)));
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * `replaceFileAtomically` for many files of one directory at once: each is written to a temp
 * file, fsynced and renamed over its target (`concurrency` at a time), and the directory is
 * fsynced once at the end, so a batch costs one fsync per file plus one. When it rejects, some
 * targets may already hold their new content, none a mix, and every temp file is already removed.
 */
export async function replaceFilesAtomically(
  dir: string,
  files: readonly { name: string; content: string }[],
  concurrency = 16,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let file = files[next]; file && !failure; file = files[next]) {
      next += 1;
      try {
        await writeThenRename(path.join(dir, file.name), file.content);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  // Every writer finishes (and cleans up its temp file) before this settles; after a failure
  // none takes another file.
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  if (failure) throw failure.error;
  await syncDirectory(dir);
}

/** `replaceFileAtomically`, creating the file's missing parent directories first. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await replaceFileAtomically(file, content);
}

/** Makes a create or rename in the directory durable (POSIX leaves that to an fsync of the directory). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `.<name>.<pid>.<random>.tmp`: hidden, unique per writer, recognisable by recovery. */
function tempFileName(target: string): string {
  return `.${target}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

/** Whether a directory entry is a leftover temp file of `target` (after a crash mid-write). */
export function isTempFileOf(entry: string, target: string): boolean {
  return entry.startsWith(`.${target}.`) && entry.endsWith('.tmp');
}
