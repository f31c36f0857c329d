import path from 'node:path';
import { emailChannelConfig, type EmailChannelConfig } from './email-config.ts';
export type { EmailChannelConfig } from './email-config.ts';
import { ConfigError, parseEnv, type KyrosEnv } from './env.ts';

/** The typed configuration every Kyros process is built from (derived once from the environment). */
export interface KyrosConfig {
  env: KyrosEnv['NODE_ENV'];
  logLevel: KyrosEnv['LOG_LEVEL'];
  dataDir: string;
  collabDir: string;
  /** The repository the safe executors work in; they never touch a file outside it. */
  workspaceRoot: string;
  /** Where executors write reports (lint findings, …); outside the workspace. */
  artifactsDir: string;
  bindHost: string;
  api: { port: number; url: string };
  /** The stdio MCP server (`npm run mcp`): the API it calls, as KYROS_API_KEY's principal. */
  mcp: { apiUrl: string };
  console: {
    port: number;
    url: string;
    /** production serves remix-console/build; development compiles through Vite with HMR. */
    mode: 'development' | 'production';
  };
  /** The terminal daemon (docs/TERMINAL.md). */
  terminal: {
    port: number;
    /** Where browsers reach the daemon's WebSocket; the API names it in every ticket. */
    url: string;
    /** Origins whose pages may open a session: the console's unless configured. */
    allowedOrigins: string[];
    ticketTtlSeconds: number;
    /** A session with neither input nor output for this long is closed. */
    idleMs: number;
    /** How long a session outlives its WebSocket, waiting to be resumed. */
    graceMs: number;
    maxSessionsPerUser: number;
    /** Undefined: /bin/bash when it exists, else /bin/sh. */
    shell: string | undefined;
    /** Asciinema v2 recordings, one `.cast` per session. */
    castsDir: string;
    /** The daemon removes recordings older than this, at start and daily. */
    castRetentionDays: number;
  };
  database: {
    /** Undefined means: run the embedded PostgreSQL server. */
    url: string | undefined;
    poolSize: number;
    /** The embedded server's port; another free one is taken when it is busy. */
    embeddedPort: number;
    /** As root, the unprivileged system user the embedded server runs as (created if missing). */
    embeddedOsUser: string;
  };
  temporal: {
    /** Undefined means: run the Temporal CLI dev server. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    apiKey: string | undefined;
    cli: string | undefined;
    devPort: number;
    uiPort: number;
    uiUrl: string;
  };
  readinessTimeoutMs: number;
  jobs: {
    /** How long a job waits in review for an accept before it expires. */
    reviewTimeoutSeconds: number;
  };
  auth: {
    /** Unset: a random secret kept in <dataDir> (dev and test only; production requires it). */
    jwtSecret: string | undefined;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** The first admin, created at API start-up when both are set and the email is unknown. */
    admin: { email: string; password: string } | undefined;
    /** The API key service callers (the worker) present to the API. */
    apiKey: string | undefined;
    /** Requests per minute: per client IP on login/refresh, per principal elsewhere; 0 = off. */
    rateLimits: { authPerMinute: number; perPrincipalPerMinute: number };
  };
  /** Error reporting to Sentry; undefined: off, and no Sentry module is loaded. */
  sentry: { dsn: string; environment: string } | undefined;
  /** The channel hub (docs/CHANNELS.md). */
  channels: {
    webSocket: { maxMessageBytes: number; pingIntervalMs: number; ticketTtlSeconds: number };
    /** Slack slash commands; undefined (the channel is off) without SLACK_SIGNING_SECRET. */
    slack: { signingSecret: string; responseUrlPrefix: string } | undefined;
    /** Commands per minute per principal, per channel; 0 = no limit on that channel. */
    rateLimits: ChannelRateLimits;
    /** IMAP in, SMTP out; undefined (off) unless configured. */
    email: EmailChannelConfig | undefined;
    /**
     * Encrypts webhook secrets at rest (API and worker must share it). Unset: a random key kept in
     * <dataDir> outside production; in production the webhook channel is then off.
     * `allowPrivateTargets`: outbound subscriptions may name loopback and private addresses
     * (local development and tests only; refused otherwise, at creation and at every delivery).
     */
    webhooks: { secretsKey: string | undefined; allowPrivateTargets: boolean };
  };
}

export interface ChannelRateLimits {
  api: number;
  websocket: number;
  slack: number;
  webhook: number;
  email: number;
}

/** The configuration once the real services' addresses are known. */
export type ServicesConfig = KyrosConfig & {
  database: { url: string };
  temporal: { address: string };
};

export function loadConfig(
  environment: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): KyrosConfig {
  const env = parseEnv(environment);
  const dataDir = path.resolve(cwd, env.KYROS_DATA_DIR);
  const host = env.KYROS_BIND_HOST;
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    dataDir,
    collabDir: path.resolve(cwd, env.KYROS_COLLAB_DIR ?? path.join(dataDir, 'collaboration')),
    workspaceRoot: path.resolve(cwd, env.WORKSPACE_ROOT ?? '.'),
    artifactsDir: path.resolve(cwd, env.KYROS_ARTIFACTS_DIR ?? path.join(dataDir, 'artifacts')),
    bindHost: host,
    api: { port: env.API_PORT, url: env.API_URL ?? `http://${host}:${env.API_PORT}` },
    mcp: { apiUrl: env.KYROS_API_URL ?? env.API_URL ?? `http://${host}:${env.API_PORT}` },
    console: {
      port: env.CONSOLE_PORT,
      url: `http://${host}:${env.CONSOLE_PORT}`,
      mode:
        env.KYROS_CONSOLE_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'development'),
    },
    terminal: {
      port: env.TERMINAL_PORT,
      url: env.TERMINAL_URL ?? `ws://${host}:${env.TERMINAL_PORT}`,
      allowedOrigins: (env.KYROS_TERMINAL_ORIGINS ?? consoleOrigins(host, env.CONSOLE_PORT)).map(
        (each) => new URL(each).origin,
      ),
      ticketTtlSeconds: env.KYROS_TERMINAL_TICKET_TTL_SECONDS,
      idleMs: env.KYROS_TERMINAL_IDLE_SECONDS * 1000,
      graceMs: env.KYROS_TERMINAL_GRACE_SECONDS * 1000,
      maxSessionsPerUser: env.KYROS_TERMINAL_MAX_SESSIONS_PER_USER,
      shell: env.KYROS_TERMINAL_SHELL,
      castsDir: path.join(dataDir, 'terminal', 'casts'),
      castRetentionDays: env.KYROS_TERMINAL_CAST_RETENTION_DAYS,
    },
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      embeddedPort: env.KYROS_POSTGRES_PORT,
      embeddedOsUser: env.KYROS_POSTGRES_OS_USER,
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls: env.TEMPORAL_TLS,
      apiKey: env.TEMPORAL_API_KEY,
      cli: env.TEMPORAL_CLI,
      devPort: env.TEMPORAL_DEV_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: env.TEMPORAL_UI_URL ?? `http://${host}:${env.TEMPORAL_UI_PORT}`,
    },
    readinessTimeoutMs: env.READINESS_TIMEOUT_MS,
    jobs: { reviewTimeoutSeconds: env.KYROS_JOB_REVIEW_TIMEOUT_SECONDS },
    auth: {
      jwtSecret: env.KYROS_JWT_SECRET,
      accessTokenTtlSeconds: env.KYROS_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.KYROS_REFRESH_TOKEN_TTL_SECONDS,
      admin:
        env.KYROS_ADMIN_EMAIL && env.KYROS_ADMIN_PASSWORD
          ? { email: env.KYROS_ADMIN_EMAIL, password: env.KYROS_ADMIN_PASSWORD }
          : undefined,
      apiKey: env.KYROS_API_KEY,
      rateLimits: {
        authPerMinute: env.KYROS_AUTH_RATE_LIMIT,
        perPrincipalPerMinute: env.KYROS_RATE_LIMIT,
      },
    },
    sentry: env.SENTRY_DSN
      ? { dsn: env.SENTRY_DSN, environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV }
      : undefined,
    channels: {
      webSocket: {
        maxMessageBytes: env.KYROS_WS_MAX_MESSAGE_BYTES,
        pingIntervalMs: env.KYROS_WS_PING_SECONDS * 1000,
        ticketTtlSeconds: env.KYROS_WS_TICKET_TTL_SECONDS,
      },
      slack: env.SLACK_SIGNING_SECRET
        ? {
            signingSecret: env.SLACK_SIGNING_SECRET,
            responseUrlPrefix: env.SLACK_RESPONSE_URL_PREFIX,
          }
        : undefined,
      rateLimits: {
        api: env.KYROS_CHANNEL_RATE_LIMIT_API,
        websocket: env.KYROS_CHANNEL_RATE_LIMIT_WEBSOCKET,
        slack: env.KYROS_CHANNEL_RATE_LIMIT_SLACK,
        webhook: env.KYROS_CHANNEL_RATE_LIMIT_WEBHOOK,
        email: env.KYROS_CHANNEL_RATE_LIMIT_EMAIL,
      },
      email: emailChannelConfig(env),
      webhooks: {
        secretsKey: env.KYROS_WEBHOOK_SECRETS_KEY,
        allowPrivateTargets: env.KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS,
      },
    },
  };
}

/** The console's own origins; on loopback both spellings a person types. */
function consoleOrigins(host: string, port: number): string[] {
  const loopback = host === '127.0.0.1' || host === 'localhost';
  return (loopback ? ['127.0.0.1', 'localhost'] : [host]).map((name) => `http://${name}:${port}`);
}

/** For process entry points: a bad variable stops start-up with one line naming it. */
export function loadConfigOrExit(environment: Record<string, string | undefined>): KyrosConfig {
  try {
    return loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** For processes that need the real services: the supervisor (`npm start`) always provides them. */
export function requireServices(config: KyrosConfig): ServicesConfig {
  const { url } = config.database;
  const { address } = config.temporal;
  if (!url || !address) {
    console.error(
      `Invalid configuration: ${url ? 'TEMPORAL_ADDRESS' : 'DATABASE_URL'} must be set to run this process alone (npm start provides it)`,
    );
    process.exit(1);
  }
  return {
    ...config,
    database: { ...config.database, url },
    temporal: { ...config.temporal, address },
  };
}
