import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { authenticateCredential } from '@kyros/api/auth/operations/authenticate-credential';
import { createApiKey } from '@kyros/api/auth/operations/create-api-key';
import { createUser } from '@kyros/api/auth/operations/create-user';
import { login } from '@kyros/api/auth/operations/login';
import { terminalModule } from '@kyros/api/terminal/terminal-module';
import { createKyrosClient, type KyrosClient } from '@kyros/contracts/client';
import {
  createTerminalDaemon,
  type TerminalDaemon,
  type TerminalSettings,
} from '@kyros/terminal-daemon/terminal-daemon';
import { ManualClock, startInProcessApi, type InProcessApi } from '../api/in-process-api.ts';
import type { TestAuth } from '../api/test-auth.ts';

export const TEST_CONSOLE_ORIGIN = 'http://console.kyros.test';

/**
 * The terminal on real parts (the `terminal` fixture): the in-process API (real auth on the file's
 * database) with the
 * terminal module on a clock the test moves, and the real terminal daemon on an ephemeral port,
 * redeeming tickets and appending events through that API with its own key, running real shells
 * in a temp workspace and recording into a temp directory.
 */
export interface TerminalStack {
  api: InProcessApi;
  /** Ticket time: moves only when the test says so. */
  clock: ManualClock;
  /** `ws://127.0.0.1:<port>/` of the first daemon. */
  daemonUrl: string;
  daemon: TerminalDaemon;
  castsDir: string;
  /** Where every shell starts. */
  workspaceRoot: string;
  /** What the daemon inherits, secrets included (the shells must not see them). */
  secrets: Record<string, string>;
  /** A signed-in person of this role, made on first use; its `Authorization` header. */
  userHeaders(
    name: string,
    role: 'admin' | 'operator' | 'agent' | 'viewer',
  ): Promise<Record<string, string>>;
  /** A further daemon on the same API with other settings (closed with the stack). */
  startDaemon(
    overrides: Partial<TerminalSettings>,
  ): Promise<{ url: string; daemon: TerminalDaemon }>;
  /** The daemon's own client: its key reads the event log. */
  daemonClient: KyrosClient;
  close(): Promise<void>;
}

/** The `terminal` fixture's options (`test.override({ terminalSettings })`). */
export type TerminalStackSettings = Partial<TerminalSettings>;

export async function startTerminalStack(options: {
  auth: TestAuth;
  collabDir: string;
  settings?: TerminalStackSettings;
}): Promise<TerminalStack> {
  const { settings = {} } = options;
  const clock = new ManualClock(new Date().toISOString());
  const api = await startInProcessApi({
    dir: options.collabDir,
    auth: options.auth,
    clock: 'real',
    modules: ({ auth, store }) => [
      terminalModule({
        prisma: auth.prisma,
        store,
        daemonUrl: 'ws://127.0.0.1:0/',
        ticketTtlSeconds: 30,
        now: clock.now,
      }),
    ],
  });
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-terminal-'));
  const deps = api.auth.auth.deps;
  const admin = await authenticateCredential({ deps, credential: api.auth.adminToken });
  const { secret: daemonKey } = await createApiKey({
    deps,
    request: { name: 'terminal-daemon', role: 'agent' },
    principal: admin,
  });
  const secrets = {
    DATABASE_URL: api.auth.db.url,
    KYROS_JWT_SECRET: api.auth.jwtSecret,
    KYROS_API_KEY: daemonKey,
    TEMPORAL_API_KEY: `temporal-${randomBytes(8).toString('hex')}`,
  };
  const daemonClient = createKyrosClient({ baseUrl: api.url, credential: daemonKey });
  const daemons: TerminalDaemon[] = [];
  const base: TerminalSettings = {
    allowedOrigins: [TEST_CONSOLE_ORIGIN],
    idleMs: 120_000,
    graceMs: 120_000,
    maxSessionsPerUser: 2,
    shell: '/bin/sh',
    workspaceRoot: path.join(root, 'workspace'),
    castsDir: path.join(root, 'casts'),
    castRetentionDays: 30,
    scrollbackBytes: 256 * 1024,
    ...settings,
  };
  const startDaemon = async (overrides: Partial<TerminalSettings>) => {
    const daemon = createTerminalDaemon({
      api: daemonClient,
      settings: { ...base, ...overrides },
      inheritedEnv: { ...process.env, ...secrets },
      logger: pino({ level: 'silent' }),
    });
    daemons.push(daemon);
    await new Promise<void>((resolve) => daemon.server.listen(0, '127.0.0.1', resolve));
    const address = daemon.server.address();
    if (address === null || typeof address === 'string') throw new Error('daemon not listening');
    return { url: `ws://127.0.0.1:${address.port}/`, daemon };
  };
  await mkdir(base.workspaceRoot);
  const first = await startDaemon({});
  const users = new Map<string, Promise<Record<string, string>>>();
  const userHeaders = (name: string, role: 'admin' | 'operator' | 'agent' | 'viewer') => {
    let headers = users.get(name);
    if (!headers) {
      const email = `${name}-${randomBytes(3).toString('hex')}@kyros.test`;
      const password = randomBytes(12).toString('base64url');
      headers = createUser({ deps, request: { email, password, role }, principal: admin })
        .then(() => login({ deps, email, password, userAgent: undefined }))
        .then((session) => ({ authorization: `Bearer ${session.access_token}` }));
      users.set(name, headers);
    }
    return headers;
  };
  return {
    api,
    clock,
    daemonUrl: first.url,
    daemon: first.daemon,
    castsDir: base.castsDir,
    workspaceRoot: base.workspaceRoot,
    secrets,
    userHeaders,
    startDaemon,
    daemonClient,
    async close() {
      await Promise.all(daemons.map((daemon) => daemon.close()));
      await api.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
