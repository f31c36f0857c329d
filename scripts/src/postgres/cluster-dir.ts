import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServerUser } from './server-user.ts';

const run = promisify(execFile);

/**
 * Makes `dir` the server account's own (mode 0700, as PostgreSQL demands of its data) and checks
 * that account can reach it and the binaries; returns the data directory inside it.
 */
export async function prepareClusterDir(
  dir: string,
  user: ServerUser | undefined,
  postgresBinary: string,
): Promise<string> {
  const home = path.dirname(dir);
  await mkdir(home, { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (user) {
    await chown(dir, user.uid, user.gid);
    // Kyros's own data directory may be private (mkdtemp makes 0700): let the server account
    // pass through it (search only, not list) to reach its cluster.
    const { mode } = await stat(home);
    if ((mode & 0o001) === 0) await chmod(home, mode | 0o001);
    await refuseUnreachable(user, ['-x', postgresBinary], `run ${postgresBinary}`);
    await refuseUnreachable(user, ['-w', dir], `write ${dir}`);
  }
  return path.join(dir, 'pgdata');
}

async function refuseUnreachable(user: ServerUser, test: string[], what: string): Promise<void> {
  try {
    await run('test', test, { uid: user.uid, gid: user.gid });
  } catch {
    throw new Error(
      `the system user ${user.name}, which runs the embedded PostgreSQL, cannot ${what}: ` +
        'every parent directory must be searchable by it (chmod o+x), or set KYROS_DATA_DIR elsewhere',
    );
  }
}

/** The superuser password: generated once, kept in `<dir>/password` (mode 0600). */
export async function ensureClusterPassword(dir: string): Promise<string> {
  const file = path.join(dir, 'password');
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (saved) return saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'w' });
  await chmod(file, 0o600);
  return password;
}

/** The password as initdb reads it: a file the server account can read, removed right after. */
export async function writeInitdbPasswordFile(
  dir: string,
  password: string,
  user: ServerUser | undefined,
): Promise<string> {
  const file = path.join(dir, 'initdb-password');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  if (user) await chown(file, user.uid, user.gid);
  return file;
}
