import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { ApiError, type KyrosClient } from '@kyros/contracts/client';
import type { TerminalGrant } from '@kyros/contracts/schemas/terminal';
import { CastRecorder } from './cast-recorder.ts';
import { pruneCasts } from './cast-retention.ts';
import { sessionEnvironment } from './domain/scrubbed-env.ts';
import { SessionRegistry } from './session-registry.ts';
import { TerminalSession, type SessionClosed } from './terminal-session.ts';
import { recordSessionClosed, recordSessionOpened } from './session-events.ts';

export interface TerminalSettings {
  allowedOrigins: readonly string[];
  idleMs: number;
  graceMs: number;
  maxSessionsPerUser: number;
  shell: string;
  workspaceRoot: string;
  castsDir: string;
  /** Recordings older than this many days are removed at start and then daily. */
  castRetentionDays: number;
  scrollbackBytes: number;
}

export interface TerminalDaemonDeps {
  /** The API, with the daemon's own key: it redeems tickets and appends the session events. */
  api: Pick<KyrosClient, 'terminal' | 'collab' | 'health'>;
  settings: TerminalSettings;
  /** The daemon's environment, from which each shell gets only an allowlist. */
  inheritedEnv: Record<string, string | undefined>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const ConnectQuery = z.union([
  z.strictObject({
    ticket: z.string().min(1).max(100),
    cols: z.coerce.number().int().min(2).max(1000).default(80),
    rows: z.coerce.number().int().min(1).max(500).default(24),
  }),
  z.strictObject({
    ticket: z.string().min(1).max(100),
    session: z.string().regex(/^ts_[A-Za-z0-9_-]{16}$/),
    resume: z.string().min(1).max(100),
  }),
]);

const CAST_SWEEP_INTERVAL_MS = 86_400_000;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The terminal daemon (docs/TERMINAL.md): `/healthz`, `/readyz` and a WebSocket at `/` that
 * opens or resumes a shell for the person an API-minted ticket names, from an allowed origin.
 */
export function createTerminalDaemon(deps: TerminalDaemonDeps) {
  const { api, settings, logger } = deps;
  const registry = new SessionRegistry(settings.maxSessionsPerUser);
  const pendingEvents = new Set<Promise<void>>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let closing = false;

  const sweepCasts = (): Promise<string[]> =>
    pruneCasts({ castsDir: settings.castsDir, retentionDays: settings.castRetentionDays }).then(
      (removed) => {
        if (removed.length > 0) logger.info({ removed: removed.length }, 'old recordings removed');
        return removed;
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'old recordings not removed');
        return [];
      },
    );
  // At start, then daily; the timer never keeps the process alive.
  const castsSwept = sweepCasts();
  const castSweeper = setInterval(() => void sweepCasts(), CAST_SWEEP_INTERVAL_MS).unref();

  const track = (work: Promise<void>) => {
    pendingEvents.add(work);
    void work.finally(() => pendingEvents.delete(work));
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://daemon').pathname;
    if (req.method === 'GET' && path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (req.method === 'GET' && path === '/readyz') {
      void readiness(deps).then((report) =>
        sendJson(res, report.status === 'ready' ? 200 : 503, report),
      );
    } else {
      sendJson(res, 404, { title: 'Not Found', status: 404, detail: 'Open a WebSocket at /' });
    }
  });

  server.on('upgrade', (req, socket, head) => {
    connect(req)
      .then(({ session, resumed }) => {
        sockets.handleUpgrade(req, socket, head, (ws) => session.attach(ws, resumed));
      })
      .catch((error: unknown) => {
        if (error instanceof Refusal) return refuse(socket, error.status, error.message);
        logger.error({ err: error }, 'terminal connection failed');
        refuse(socket, 500, 'The terminal daemon failed to open the session');
      });
  });

  async function connect(req: IncomingMessage) {
    if (closing) throw new Refusal(503, 'The terminal daemon is shutting down');
    const origin = req.headers.origin;
    if (origin === undefined || !settings.allowedOrigins.includes(origin)) {
      throw new Refusal(403, `Origin ${origin ?? '(none)'} may not open a terminal`);
    }
    const url = new URL(req.url ?? '/', 'http://daemon');
    if (url.pathname !== '/') throw new Refusal(404, 'Open the WebSocket at /');
    const query = ConnectQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success)
      throw new Refusal(400, 'Expected ?ticket=… (and session + resume to resume)');
    const grant = await redeem(query.data.ticket);
    if ('session' in query.data) {
      const session = registry.get(query.data.session);
      if (
        !session ||
        session.grant.user_id !== grant.user_id ||
        !session.resumableWith(query.data.resume)
      ) {
        throw new Refusal(404, 'No such session to resume: it ended, or it is not yours');
      }
      return { session, resumed: true };
    }
    if (!registry.reserve(grant.user_id)) {
      throw new Refusal(429, `At most ${settings.maxSessionsPerUser} terminal sessions per person`);
    }
    try {
      const session = await openSession(grant, query.data.cols, query.data.rows);
      registry.settle(grant.user_id, session);
      return { session, resumed: false };
    } catch (error) {
      registry.settle(grant.user_id, undefined);
      throw error;
    }
  }

  async function redeem(ticket: string): Promise<TerminalGrant> {
    try {
      return await api.terminal.redeemTicket(ticket);
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        throw new Refusal(401, 'The ticket is unknown, used or expired');
      }
      throw new Refusal(503, 'The API could not check the ticket');
    }
  }

  async function openSession(grant: TerminalGrant, cols: number, rows: number) {
    const id = `ts_${randomBytes(12).toString('base64url')}`;
    const recorder = await CastRecorder.open(settings.castsDir, id, {
      width: cols,
      height: rows,
      timestamp: Math.floor(Date.now() / 1000),
      title: `${grant.actor}${grant.task_id ? ` · ${grant.task_id}` : ''}`,
      env: { SHELL: settings.shell, TERM: 'xterm-256color' },
    });
    const session = new TerminalSession({
      id,
      grant,
      shell: settings.shell,
      cwd: settings.workspaceRoot,
      env: sessionEnvironment({
        inherited: deps.inheritedEnv,
        shell: settings.shell,
        sessionId: id,
        taskId: grant.task_id,
      }),
      cols,
      rows,
      recorder,
      scrollbackBytes: settings.scrollbackBytes,
      idleMs: settings.idleMs,
      graceMs: settings.graceMs,
      onClosed: (closed: SessionClosed) => {
        registry.remove(id);
        logger.info({ session: id, ...closed }, 'terminal session closed');
        track(recordSessionClosed(api, logger, session, closed));
      },
    });
    logger.info({ session: id, user: grant.actor, task: grant.task_id }, 'terminal session opened');
    track(recordSessionOpened(api, logger, session));
    return session;
  }

  return {
    server,
    sessions: registry,
    /** The start-up sweep of old recordings: the names it removed. */
    castsSwept,
    /** Removes the recordings older than the retention now (the daily sweep runs this). */
    sweepCasts,
    /** Hangs up every shell, waits for their recordings and closed events, stops listening. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(castSweeper);
      const sessions = registry.all();
      for (const session of sessions) session.close('shutdown');
      await Promise.all(sessions.map((session) => session.exited));
      await Promise.allSettled([...pendingEvents]);
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TerminalDaemon = ReturnType<typeof createTerminalDaemon>;

async function readiness(deps: TerminalDaemonDeps) {
  const { settings } = deps;
  const checks = await Promise.all([
    check('api', async () => {
      const { httpStatus } = await deps.api.health.readiness(AbortSignal.timeout(5_000));
      if (httpStatus !== 200) throw new Error(`the API's /readyz answered ${httpStatus}`);
    }),
    check('shell', () => access(settings.shell, constants.X_OK)),
    check('recordings', async () => {
      await mkdir(settings.castsDir, { recursive: true, mode: 0o700 });
      await access(settings.castsDir, constants.W_OK);
    }),
  ]);
  const failing = checks.filter((each) => !each.ok).map((each) => each.name);
  return { status: failing.length === 0 ? 'ready' : 'not_ready', checks, failing };
}

async function check(name: string, probe: () => Promise<unknown>) {
  try {
    await probe();
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const type = status >= 400 && status !== 503 ? 'application/problem+json' : 'application/json';
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Answers a refused upgrade with a problem+json and hangs up. */
function refuse(socket: Duplex, status: number, detail: string): void {
  const title = http.STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
