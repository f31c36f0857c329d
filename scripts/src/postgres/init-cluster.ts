import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeInitdbPasswordFile } from './cluster-dir.ts';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { ServerUser } from './server-user.ts';
import { runToEnd, SUPERUSER } from './server-process.ts';

/** A cluster is there, or nothing is; anything else is refused rather than overwritten. */
export async function isInitialised(pgdata: string): Promise<boolean> {
  if (await exists(path.join(pgdata, 'PG_VERSION'))) return true;
  const entries = await readdir(pgdata).catch(() => []);
  if (entries.length > 0) {
    throw new Error(
      `${pgdata} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away to start afresh`,
    );
  }
  return false;
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** initdb into a scratch directory renamed into place, so a crash never leaves half a cluster. */
export async function initCluster(args: {
  binaries: PostgresBinaries;
  dir: string;
  pgdata: string;
  user: ServerUser | undefined;
  password: string;
  throwaway: boolean;
  log: (line: string) => void;
}): Promise<void> {
  const { binaries, dir, pgdata, user, password, throwaway, log } = args;
  const scratch = `${pgdata}.initdb`;
  await rm(scratch, { recursive: true, force: true });
  await rm(pgdata, { recursive: true, force: true }); // empty, as isInitialised checked
  const pwfile = await writeInitdbPasswordFile(dir, password, user);
  try {
    const { code, output } = await runToEnd(binaries.initdb, user, [
      `--pgdata=${scratch}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(throwaway ? ['--no-sync'] : []),
    ]);
    if (code !== 0) throw new Error(`initdb failed (${code}): ${output.trim().slice(-2000)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
  await rename(scratch, pgdata);
  log(`initialised a new PostgreSQL cluster in ${pgdata}`);
}
