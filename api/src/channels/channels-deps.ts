import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ChannelRateLimits } from '@kyros/contracts/config';
import type { WebhookTargetPolicy } from '@kyros/contracts/webhook-target';
import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuthDeps } from '../auth/auth-deps.ts';
import type { CollabEventLog } from '../collab/events/collab-event-log.ts';
import type { TaskRunDeps } from '../collab/operations/task-run-deps.ts';
import type { CollabStore } from '../collab/store/open-collab-store.ts';
import type { JobsDeps } from '../jobs/jobs-deps.ts';

/** What the channel hub needs; the caller (startApi, tests) owns their lifecycle. */
export interface ChannelsDeps {
  prisma: PrismaClient;
  store: CollabStore;
  /** The collaboration event log: `channel_command` events, and live events for subscribers. */
  eventLog: CollabEventLog;
  audit: AuditLog;
  /** Verifies bearer credentials presented on the WebSocket upgrade. */
  auth: AuthDeps;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Without it `run` and `cancel` answer that task runs are unavailable. */
  taskRuns?: TaskRunDeps;
  /** Without it the job commands answer that jobs are unavailable. */
  jobs?: JobsDeps;
  /** The console's base URL, for deep links in replies. */
  consoleUrl: string;
  /** The API's public base URL, for the WebSocket URL a ticket answer names. */
  publicUrl: string;
  webSocket?: Partial<WebSocketSettings>;
  /** Slack slash commands; without it the Slack channel is off (its route answers 404). */
  slack?: SlackSettings;
  /** The email channel; without it the channel is not configured. */
  email?: EmailChannelSettings;
  /** Inbound and outbound webhooks; without it the webhook channel is not configured. */
  webhooks?: WebhookDeps;
  /** Commands per minute per principal on each channel; absent or 0 = no limit there. */
  rateLimits?: Partial<ChannelRateLimits>;
  now?: () => Date;
}

export interface EmailChannelSettings {
  /** Sender address (lower case) → the email of the Kyros user it acts as. */
  allowlist: ReadonlyMap<string, string>;
}

export interface SlackSettings {
  /** The Slack app's signing secret (SLACK_SIGNING_SECRET). */
  signingSecret: string;
  /** Replies go only to a response_url under this prefix (SLACK_RESPONSE_URL_PREFIX). */
  responseUrlPrefix: string;
}

export interface WebhookDeps {
  /** KYROS_WEBHOOK_SECRETS_KEY (resolved); undefined: webhooks are off (production without it). */
  secretsKey: string | undefined;
  /** Which subscription URLs are accepted (KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  targets: WebhookTargetPolicy;
  /** Starts the delivery workflows (TemporalGateway.client). */
  temporalClient(): Promise<Client>;
  taskQueue: string;
}

export interface WebSocketSettings {
  /** Largest message a client may send; a bigger one closes the connection (1009). */
  maxMessageBytes: number;
  /** How often the server pings; a client that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Lifetime of a ticket from POST /channels/ws/ticket. */
  ticketTtlSeconds: number;
  /** Above this many buffered bytes a subscription stops sending live and catches up later. */
  highWaterBytes: number;
  /** Commands one connection may have in flight at once. */
  maxInFlightCommands: number;
}

export const DEFAULT_WEB_SOCKET_SETTINGS: WebSocketSettings = {
  maxMessageBytes: 64 * 1024,
  pingIntervalMs: 30_000,
  ticketTtlSeconds: 30,
  highWaterBytes: 1024 * 1024,
  maxInFlightCommands: 8,
};
