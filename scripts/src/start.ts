import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { applyMigrations } from '@kyros/db/migrate';
import { startupCredentials, type DevAdmin } from '@kyros/api/bootstrap';
import { ConsoleBuildError, ensureConsoleBuild } from './console-build/ensure-console-build.ts';
import { seedCollaborationDir } from './seed-collaboration.ts';
import {
  provideDatabase,
  provideTemporal,
  StartupError,
  type BackingService,
} from './supervisor/backing-services.ts';
import { describeExit, startTsChild, type TsChild } from './ts-child-process.ts';
import { waitForReadiness } from './supervisor/wait-for-readiness.ts';

// `npm start`: the whole product on embedded defaults, one process tree, Ctrl-C stops it all.
// `npm run dev` (--dev) is the same with the console on Vite (compile on request, hot reload)
// instead of its production build.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const consoleMode = process.argv.includes('--dev') ? 'development' : 'production';
const started = performance.now();
const config = loadConfigOrExit(process.env);
const log = (line: string) => console.log(`[kyros] ${line}`);

const services: BackingService[] = [];
const children: TsChild[] = [];
const consoleBuild = new AbortController();
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping…');
    consoleBuild.abort();
    // Front doors first, then the worker (it drains in-flight activities), then what they use.
    await Promise.all(
      children.filter((c) => c.name !== 'worker').map((c) => c.stop({ graceMs: 10_000 })),
    );
    await Promise.all(
      children.filter((c) => c.name === 'worker').map((c) => c.stop({ graceMs: 15_000 })),
    );
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    log('stopped');
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// The children run in process groups of their own: a supervisor that dies on a bug of its own
// would leave them running and holding their ports, so stop them first.
process.on('uncaughtException', (error) => {
  console.error('[kyros] supervisor error:', error);
  void stopAll(1);
});

try {
  await mkdir(config.dataDir, { recursive: true });
  log(`data directory ${config.dataDir}`);
  const [temporal, database] = await Promise.all([
    provideTemporal(config, projectRoot, log).then((service) => (services.push(service), service)),
    provideDatabase(config, log).then((service) => (services.push(service), service)),
    // While the services start: the console's production build, when its sources changed.
    consoleMode === 'production'
      ? ensureConsoleBuild({ projectRoot, log, signal: consoleBuild.signal })
      : undefined,
  ]);
  log(`${temporal.description}`);
  log(`${database.description}`);
  for (const service of [temporal, database]) {
    void service.failed?.then((reason) => {
      if (stopping) return;
      log(`${reason}; stopping everything`);
      void stopAll(1);
    });
  }
  const applied = await applyMigrations({ connectionString: database.address, log });
  log(
    applied.length > 0
      ? `applied migrations: ${applied.join(', ')}`
      : 'database schema is up to date',
  );
  if (await seedCollaborationDir(path.join(projectRoot, 'collaboration'), config.collabDir)) {
    log(`seeded ${config.collabDir} from collaboration/`);
  }

  // Credentials: in development the first admin (when there is no user yet), and on every start
  // fresh API keys for the worker and the terminal daemon, each handed to it alone (docs/AUTH.md,
  // docs/TERMINAL.md).
  const credentials = await startupCredentials({
    config,
    databaseUrl: database.address,
    generateDevAdmin: config.env === 'development' && !config.auth.admin,
    serviceKeys: [
      ...(config.auth.apiKey ? [] : [{ name: 'worker', role: 'agent' as const }]),
      { name: 'terminal-daemon', role: 'agent', service: false },
    ],
  });
  const devAdmin = credentials.devAdmin;
  const keys: Record<string, string | undefined> = {
    worker: config.auth.apiKey ?? credentials.serviceKeys.worker,
    'terminal-daemon': credentials.serviceKeys['terminal-daemon'],
  };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KYROS_DATA_DIR: config.dataDir,
    KYROS_COLLAB_DIR: config.collabDir,
    DATABASE_URL: database.address,
    TEMPORAL_ADDRESS: temporal.address,
    KYROS_CONSOLE_MODE: consoleMode,
  };
  delete env.KYROS_API_KEY;
  const entries = {
    api: 'api/src/main.ts',
    worker: 'activities/src/worker.ts',
    console: 'remix-console/server.ts',
    'terminal-daemon': 'terminal-daemon/src/main.ts',
  };
  for (const [name, entry] of Object.entries(entries)) {
    const child = startTsChild({
      name,
      entry: path.join(projectRoot, entry),
      env: name in keys ? { ...env, KYROS_API_KEY: keys[name] } : env,
      cwd: projectRoot,
      stdio: 'inherit',
      // Its own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops
      // the children in dependency order.
      detached: true,
    });
    children.push(child);
    void child.exited.then((exit) => {
      if (stopping) return;
      log(`${name} exited unexpectedly (${describeExit(exit)}); stopping everything`);
      void stopAll(1);
    });
  }

  await waitForReadiness(`${config.api.url}/readyz`, 120_000, log);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Kyros is ready in ${seconds} s`,
      `  Console       ${config.console.url}   (${consoleMode === 'production' ? 'production build' : 'development: Vite, hot reload'})`,
      `  API           ${config.api.url}   (reference ${config.api.url}/docs, readiness ${config.api.url}/readyz)`,
      `  Temporal UI   ${config.temporal.address ? config.temporal.uiUrl + ' (external)' : config.temporal.uiUrl}`,
      `  Terminal      ${config.terminal.url}   (open it from the console: /remote/terminal)`,
      `  Data          ${config.dataDir}`,
      ...adminLines(devAdmin),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof StartupError || error instanceof ConsoleBuildError) {
    console.error(`[kyros] cannot start: ${error.message}`);
  } else {
    console.error('[kyros] cannot start:', error);
  }
  await stopAll(1);
}

/** What to tell the person at the terminal about the first admin (the password only once). */
function adminLines(admin: DevAdmin): string[] {
  switch (admin.status) {
    case 'created':
      return [
        `  Admin         ${admin.email} / ${admin.password}`,
        `                (shown once; also saved to ${admin.file} — sign in at POST /auth/login)`,
      ];
    case 'saved':
      return [`  Admin         credentials of the first admin are in ${admin.file}`];
    case 'none':
      return [];
  }
}
