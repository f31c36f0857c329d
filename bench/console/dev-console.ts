import { createWriteStream } from 'node:fs';
import { freePort } from '@kyros/scripts/free-port';
import { startTsChild } from '@kyros/scripts/ts-child-process';

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
  const child = startTsChild({
    name: 'the development console',
    entry: 'remix-console/server.ts',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      KYROS_CONSOLE_MODE: 'development',
      KYROS_DATA_DIR: options.dataDir,
      API_URL: options.apiUrl,
      CONSOLE_PORT: String(port),
    },
    stdio: 'capture',
    keepChars: 4000,
    onOutput: (chunk) => log.write(chunk),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await child.waitForUrl(`${url}/healthz`, 60_000);
  } catch (error) {
    await child.kill('SIGKILL');
    throw new Error(`the development console did not start; see ${options.logFile}`, {
      cause: error,
    });
  }
  return {
    url,
    async stop() {
      await child.stop({ graceMs: 30_000 });
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
