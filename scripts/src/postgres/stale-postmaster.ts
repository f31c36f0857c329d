import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, processExists } from '../process-alive.ts';

/**
 * What a `postmaster.pid` left behind means: a dead pid is harmless (PostgreSQL checks it, though
 * a zombie nobody reaped yet still counts for it and so is cleared here), a live
 * postgres on this data directory is a running server, and any other live process merely reuses
 * the pid.
 */
export type PostmasterState = 'dead' | 'running' | 'pid-reused';

export function classifyPostmaster(
  pgdata: string,
  pidAlive: boolean,
  cmdline: string | undefined,
): PostmasterState {
  if (!pidAlive) return 'dead';
  const args = (cmdline ?? '').split('\0');
  const isPostgres = args[0]?.endsWith('/postgres') ?? false;
  return isPostgres && args.includes(pgdata) ? 'running' : 'pid-reused';
}

export interface RunningPostmaster {
  pid: number;
  port: number;
  /** Whether the process that started it is still alive (else it is an orphan). */
  ownerAlive: boolean;
}

/**
 * Leaves the data directory ready for a new postmaster after a SIGKILL of this process or the
 * server: a stale lock file naming someone else's pid is removed (PostgreSQL would refuse to
 * start over it). Returns the server still running there, if any.
 */
export async function inspectPostmaster(pgdata: string): Promise<RunningPostmaster | undefined> {
  const lockFile = path.join(pgdata, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await readFile(lockFile, 'utf8')).split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    await unlink(lockFile);
    return undefined;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  const state = classifyPostmaster(pgdata, isAlive(pid), cmdline);
  // PostgreSQL's own check (`kill(pid, 0)`) still finds a dead postmaster nobody reaped yet.
  if (state === 'pid-reused' || (state === 'dead' && processExists(pid))) await unlink(lockFile);
  if (state !== 'running') return undefined;
  const owner = Number(await readFile(ownerFile(pgdata), 'utf8').catch(() => ''));
  return {
    pid,
    port: Number(lines[3]),
    ownerAlive: Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner),
  };
}

/** Records which process started the server, so a later start can tell an orphan from a peer. */
export async function recordOwner(pgdata: string): Promise<void> {
  await writeFile(ownerFile(pgdata), `${process.pid}\n`);
}

function ownerFile(pgdata: string): string {
  return path.join(path.dirname(pgdata), 'owner.pid');
}

/** Fast shutdown, then SIGKILL if it has not gone within 15 s. */
export async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
