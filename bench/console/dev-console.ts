import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { freePort } from '@kyros/scripts/free-port';
import { PROJECT_ROOT } from '../../e2e/support/stack.ts';

export interface DevConsole {
  url: string;
  stop(): Promise<void>;
}

/**
 * A second console beside the stack's, in development mode as `npm run dev` runs it (Vite compiles
 * on request, React's development build, HMR), on the same API and data directory: the same board
 * measured through both modes.
 */
export async function startDevConsole(options: {
  apiUrl: string;
  dataDir: string;
  logFile: string;
}): Promise<DevConsole> {
  const port = await freePort();
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'remix-console/server.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      KYROS_CONSOLE_MODE: 'development',
      KYROS_DATA_DIR: options.dataDir,
      API_URL: options.apiUrl,
      CONSOLE_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the development console did not start; see ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
