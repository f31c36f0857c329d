import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig, type KyrosConfig } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';
import { ConfigError, parseEnv } from '@kyros/contracts/env';
import { requestIdFor } from '@kyros/contracts/request-id';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import type { ViteDevServer } from 'vite';
import { createLoadContext, DEFAULT_FLAGS_FILE } from './app/lib/config.server.ts';
import { readFlags } from './app/lib/flags.server.ts';
import { demoCredentials, fillDemo } from './demo.ts';
import { securityHeaders } from './security-headers.ts';

export type ConsoleMode = KyrosConfig['console']['mode'];

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

const consoleDir = path.dirname(fileURLToPath(import.meta.url));
const buildDir = path.join(consoleDir, 'build');

class ConsoleNotBuiltError extends Error {
  override name = 'ConsoleNotBuiltError';
}

/**
 * Serves the Remix console. Development compiles on request through Vite in middleware mode (no build
 * step, hot reload on the same port); production serves `build/` from `npm run build:console`.
 */
export async function startConsoleServer({
  config,
  mode,
  sessionSecret,
  flagsFile = DEFAULT_FLAGS_FILE,
}: {
  config: KyrosConfig;
  mode: ConsoleMode;
  /** Signs the session cookie; random per process when not given (sessions end on restart). */
  sessionSecret?: string;
  /** The feature flags file (config/flags.json by default), read on each request. */
  flagsFile?: string;
}): Promise<ConsoleServer> {
  const secret = sessionSecret ?? randomBytes(32).toString('hex');
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy on this host, X-Forwarded-Proto: https makes request URLs
  // https, so the session cookie is marked Secure (app/lib/session.server.ts).
  app.set('trust proxy', 'loopback');
  app.use(
    securityHeaders({
      mode,
      terminalUrl: config.terminal.url,
      apiUrl: config.api.url,
      sentryDsn: config.sentry?.dsn,
    }),
  );
  // Each answer names its request, as the API's do; a page hands it to browser error reports.
  app.use((req, res, next) => {
    const requestId = requestIdFor(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    next();
  });
  const server = createServer(app);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  let vite: ViteDevServer | undefined;
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (mode === 'development') {
    const { createServer: createViteServer } = await import('vite');
    const sigtermListenersBefore = new Set(process.listeners('SIGTERM'));
    vite = await createViteServer({
      root: consoleDir,
      configFile: path.join(consoleDir, 'vite.config.ts'),
      logLevel: 'warn',
      // Hot reload rides on the console's own port rather than opening a second one.
      server: { middlewareMode: true, hmr: { server } },
    });
    // Remix loads app/routes.ts through a second, non-middleware Vite server, and Vite makes each such
    // server exit the process (code 143) on SIGTERM; the console owns its shutdown, so those handlers go.
    for (const listener of process.listeners('SIGTERM')) {
      if (!sigtermListenersBefore.has(listener)) process.off('SIGTERM', listener);
    }
    const devServer = vite;
    app.use(devServer.middlewares);
    build = async () =>
      (await devServer.ssrLoadModule('virtual:remix/server-build')) as ServerBuild;
  } else {
    build = await loadProductionBuild();
    // Vite fingerprints everything under assets/, so those files can be cached forever.
    app.use(
      '/assets',
      express.static(path.join(buildDir, 'client', 'assets'), { immutable: true, maxAge: '1y' }),
    );
    app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }));
  }

  const handleRemixRequest = createRequestHandler({
    build,
    mode,
    getLoadContext: (_req, res) =>
      createLoadContext(
        config,
        secret,
        flagsFile,
        res.locals.requestId as string,
        res.locals.cspNonce as string,
      ),
  });
  app.all('*', (req, res, next) => {
    handleRemixRequest(req, res, next).catch(next);
  });

  try {
    await listen(server, config.console.port, config.bindHost);
  } catch (error) {
    await vite?.close();
    throw error;
  }
  const url = `http://${config.bindHost}:${config.console.port}`;
  return {
    url,
    async close() {
      await vite?.close();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

async function loadProductionBuild(): Promise<ServerBuild> {
  const entry = path.join(buildDir, 'server', 'index.js');
  if (!existsSync(entry)) {
    throw new ConsoleNotBuiltError(
      `The console is not built (${entry} is missing): run npm run build:console`,
    );
  }
  return (await import(pathToFileURL(entry).href)) as ServerBuild;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// Mistakes an operator fixes (a bad variable, a busy port, no build) read best as one line; bugs keep their stack.
function describeStartupError(error: unknown): unknown {
  if (error instanceof ConfigError || error instanceof ConsoleNotBuiltError) return error.message;
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (error instanceof Error && (code === 'EADDRINUSE' || code === 'EACCES')) {
    return `The console cannot listen (${error.message}): set CONSOLE_PORT or KYROS_BIND_HOST`;
  }
  return error;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const { mode } = config.console;
  const env = parseEnv(process.env);
  const sessionSecret = env.KYROS_CONSOLE_SESSION_SECRET;
  // Relative paths are from the repository root, like the other paths in .env.example.
  const flagsFile = env.KYROS_CONSOLE_FLAGS_FILE
    ? path.resolve(consoleDir, '..', env.KYROS_CONSOLE_FLAGS_FILE)
    : DEFAULT_FLAGS_FILE;
  if (config.env === 'production' && !sessionSecret) {
    // A random secret would sign everyone out on each restart and differ between replicas.
    throw new ConfigError('KYROS_CONSOLE_SESSION_SECRET', 'must be set when NODE_ENV=production');
  }
  // The console server's uncaught errors go to Sentry when SENTRY_DSN is set (docs/DEPLOYMENT.md).
  await startErrorReporting({
    sentry: config.sentry,
    service: 'console',
    secrets: [sessionSecret],
  });
  const consoleServer = await startConsoleServer({ config, mode, sessionSecret, flagsFile });
  console.log(
    JSON.stringify({
      level: 'info',
      time: new Date().toISOString(),
      service: 'console',
      msg: `console listening on ${consoleServer.url}`,
      url: consoleServer.url,
      mode,
      apiUrl: config.api.url,
    }),
  );
  const { flags } = await readFlags(flagsFile);
  if (flags.demoMode) {
    // The demo writes tasks and jobs, so it signs in as an admin (see demoCredentials).
    const credentials = await demoCredentials(env, config.dataDir);
    // In the background: the API may still be starting; the demo waits for it, then fills once.
    void fillDemo({ apiUrl: config.api.url, credentials, waitForApiMs: 120_000 }).then(
      (outcome) => {
        log('info', `demo mode: ${outcome.summary}`);
        void outcome.jobsDone?.then((count) => log('info', `demo mode: ${count} jobs ran`));
      },
      (error: unknown) => log('warn', `demo mode: could not fill the demo (${String(error)})`),
    );
  }
  const stop = (): void => {
    consoleServer.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch((error: unknown) => {
    console.error(describeStartupError(error));
    process.exit(1);
  });
}

function log(level: 'info' | 'warn', msg: string): void {
  console.log(JSON.stringify({ level, time: new Date().toISOString(), service: 'console', msg }));
}
