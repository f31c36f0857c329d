import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';

/**
 * A throwaway embedded PostgreSQL in a temp directory (no fsync: nothing here outlives the run);
 * `close()` stops it and removes the directory.
 */
export async function startThrowawayPostgres(): Promise<{
  server: EmbeddedPostgres;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-test-pg-'));
  // mkdtemp makes it 0700; the server's own account must be able to pass through it.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'postgres'),
    port: 0,
    throwaway: true,
  });
  // A process that never calls close() (a benchmark on Ctrl-C) still leaves no directory behind.
  const removeOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  return {
    server,
    async close() {
      process.off('exit', removeOnExit);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
