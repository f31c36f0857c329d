import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One `<timestamp>_<name>/migration.sql` of a Prisma migrations directory. */
export interface MigrationFile {
  name: string;
  script: string;
  /** sha256 hex of the file, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface MigrationsDirectory {
  /** From migration_lock.toml; undefined when there is no lock file. */
  provider: string | undefined;
  migrations: MigrationFile[];
}

export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma accepts a checksum computed with either line ending (git may rewrite them on checkout)
 * and the unpadded hex that old engines wrote (prisma-engines#1887); so do we.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered =
      checksum.length === 64
        ? digest.toString('hex')
        : [...digest].map((byte) => byte.toString(16)).join('');
    return rendered === checksum;
  });
}

/** Reads the directory the way the Prisma CLI does: every sub-directory, sorted by name. */
export async function readMigrationsDirectory(dir: string): Promise<MigrationsDirectory> {
  const lock = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  const provider =
    lock === undefined
      ? undefined
      : (lock
          .split('\n')
          .find((line) => line.startsWith('provider'))
          ?.replace(/^provider = /, '')
          .replace(/^"|"$/g, '')
          .trim() ?? '<PROVIDER NOT FOUND>');

  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrations = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const script = await readFile(file, 'utf8').catch((error: Error) => {
        throw new Error(`Failed to read migration script at ${file}: ${error.message}`);
      });
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
  return { provider, migrations };
}
