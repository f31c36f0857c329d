import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The OS account the embedded PostgreSQL runs as; undefined means "as this process". */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** Created when missing, only when Kyros runs as root (PostgreSQL refuses to run as root). */
export const DEFAULT_SERVER_USER = 'kyros-postgres';

/** One account from /etc/passwd, or undefined. */
export function findPasswdEntry(passwd: string, name: string): ServerUser | undefined {
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  return undefined;
}

/**
 * Who runs the server: this process's own user, or, as root, the unprivileged system account
 * `name` (created with useradd on first use, with no home and no login shell).
 */
export async function resolveServerUser(
  name: string = DEFAULT_SERVER_USER,
  log: (line: string) => void = () => {},
): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = findPasswdEntry(await readFile('/etc/passwd', 'utf8'), name);
  if (existing) return existing;
  try {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      name,
    ]);
  } catch (error) {
    // Another process may have created it in the meantime.
    const raced = findPasswdEntry(await readFile('/etc/passwd', 'utf8'), name);
    if (raced) return raced;
    throw new Error(
      `PostgreSQL refuses to run as root, and creating the system user "${name}" failed: ${(error as Error).message}`,
    );
  }
  const created = findPasswdEntry(await readFile('/etc/passwd', 'utf8'), name);
  if (!created) throw new Error(`useradd reported success but "${name}" is not in /etc/passwd`);
  log(`created system user ${name} to run the embedded PostgreSQL (it refuses to run as root)`);
  return created;
}
