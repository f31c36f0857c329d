import { z } from 'zod';

/**
 * Every environment variable Kyros reads, parsed once at start-up. Nothing else reads `process.env`;
 * each process passes the typed result down. Keep `.env.example` in step with this schema.
 */
const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole port number')
  .min(1, 'must be a port between 1 and 65535')
  .max(65535, 'must be a port between 1 and 65535');

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');

const booleanFlag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(fallback)
    .transform((value) => value === 'true');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value) && URL.canParse(value), {
    message: 'must be a postgres:// or postgresql:// URL',
  });

/** Commands per minute per principal on one channel; 0 turns that channel's limit off. */
const channelRateLimit = z.coerce.number().int().min(0).max(1_000_000);

export const KyrosEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KYROS_DATA_DIR: z.string().min(1).default('.data'),
  KYROS_COLLAB_DIR: z.string().min(1).optional(),
  KYROS_BIND_HOST: z.string().min(1).default('127.0.0.1'),
  WORKSPACE_ROOT: z.string().min(1).optional(),
  KYROS_ARTIFACTS_DIR: z.string().min(1).optional(),
  API_PORT: port.default(8000),
  API_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  CONSOLE_PORT: port.default(3001),
  KYROS_CONSOLE_MODE: z
    .enum(['development', 'production'], { error: 'must be development or production' })
    .optional(),
  KYROS_CONSOLE_SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  KYROS_CONSOLE_FLAGS_FILE: z.string().min(1).optional(),
  TERMINAL_PORT: port.default(7681),
  TERMINAL_URL: z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }).optional(),
  KYROS_TERMINAL_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((each) => each.trim()))
    .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins' })).min(1))
    .optional(),
  KYROS_TERMINAL_TICKET_TTL_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  KYROS_TERMINAL_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  KYROS_TERMINAL_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  KYROS_TERMINAL_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(4),
  KYROS_TERMINAL_CAST_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  KYROS_TERMINAL_SHELL: z.string().startsWith('/', 'must be an absolute path').optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  KYROS_POSTGRES_PORT: port.default(5433),
  KYROS_POSTGRES_OS_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a system user name')
    .default('kyros-postgres'),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('kyros'),
  TEMPORAL_TLS: booleanFlag('false'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  KYROS_JOB_REVIEW_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .default(7 * 86_400),
  KYROS_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  KYROS_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  KYROS_REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(365 * 86_400)
    .default(30 * 86_400),
  KYROS_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  KYROS_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  KYROS_API_KEY: z.string().min(1).optional(),
  KYROS_API_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  KYROS_AUTH_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(10),
  KYROS_RATE_LIMIT: z.coerce.number().int().min(0).max(10_000_000).default(6000),
  KYROS_WS_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(65_536),
  KYROS_WS_PING_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  KYROS_WS_TICKET_TTL_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  SLACK_SIGNING_SECRET: z.string().min(16, "must be the app's signing secret").optional(),
  SLACK_RESPONSE_URL_PREFIX: z
    .url({ error: 'must be an http(s) URL' })
    .default('https://hooks.slack.com/'),
  KYROS_CHANNEL_RATE_LIMIT_API: channelRateLimit.default(600),
  KYROS_CHANNEL_RATE_LIMIT_WEBSOCKET: channelRateLimit.default(600),
  KYROS_CHANNEL_RATE_LIMIT_SLACK: channelRateLimit.default(60),
  KYROS_CHANNEL_RATE_LIMIT_WEBHOOK: channelRateLimit.default(600),
  KYROS_CHANNEL_RATE_LIMIT_EMAIL: channelRateLimit.default(30),
  // The email channel (docs/CHANNELS.md#email): off unless the IMAP host is set.
  KYROS_EMAIL_IMAP_HOST: z.string().min(1).optional(),
  KYROS_EMAIL_IMAP_PORT: port.default(993),
  KYROS_EMAIL_IMAP_TLS: booleanFlag('true'),
  KYROS_EMAIL_IMAP_USER: z.string().min(1).optional(),
  KYROS_EMAIL_IMAP_PASSWORD: z.string().min(1).optional(),
  KYROS_EMAIL_IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  KYROS_EMAIL_PROCESSED_MAILBOX: z.string().min(1).optional(),
  KYROS_EMAIL_SMTP_HOST: z.string().min(1).optional(),
  KYROS_EMAIL_SMTP_PORT: port.default(587),
  KYROS_EMAIL_SMTP_TLS: booleanFlag('false'),
  KYROS_EMAIL_SMTP_USER: z.string().min(1).optional(),
  KYROS_EMAIL_SMTP_PASSWORD: z.string().min(1).optional(),
  KYROS_EMAIL_FROM: z.email({ error: 'must be an email address' }).optional(),
  KYROS_EMAIL_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  KYROS_EMAIL_ALLOWLIST: z.string().min(1).optional(),
  // Error reporting (docs/DEPLOYMENT.md): set, the processes load @sentry/node; unset, nothing.
  SENTRY_DSN: z
    .url({ error: 'must be a Sentry DSN URL (https://<key>@<host>/<project>)' })
    .optional(),
  SENTRY_ENVIRONMENT: z.string().min(1).max(64).optional(),
  KYROS_WEBHOOK_SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  // Outbound webhooks to loopback and private addresses: local development and tests only.
  KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFlag('false'),
});

export type KyrosEnv = z.infer<typeof KyrosEnvSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; the first problem becomes one line naming the variable. */
export function parseEnv(env: Record<string, string | undefined>): KyrosEnv {
  // An empty value means unset, so `VAR=` in a shell or env file falls back to the default.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = KyrosEnvSchema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const shown = env[variable] === undefined ? '' : ` (got ${JSON.stringify(env[variable])})`;
  throw new ConfigError(variable, `${issue?.message ?? 'is invalid'}${shown}`);
}
