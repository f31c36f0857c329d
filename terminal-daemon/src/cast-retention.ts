import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const DAY_MS = 86_400_000;

/**
 * Removes the session recordings (`*.cast`) last written more than `retentionDays` ago, so the
 * recordings directory stays bounded (KYROS_TERMINAL_CAST_RETENTION_DAYS, docs/TERMINAL.md). A
 * live session's file is written as it runs, so only ended sessions age out. Answers the names
 * it removed.
 */
export async function pruneCasts(options: {
  castsDir: string;
  retentionDays: number;
  now?: Date;
}): Promise<string[]> {
  const cutoff = (options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS;
  const names = await readdir(options.castsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const removed: string[] = [];
  for (const name of names.filter((each) => each.endsWith('.cast'))) {
    const file = path.join(options.castsDir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
    await rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}
