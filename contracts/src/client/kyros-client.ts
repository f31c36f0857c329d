import { createAdminSection } from './admin-section.ts';
import { createAuthSection } from './auth-section.ts';
import { createChannelsSection } from './channels-section.ts';
import { createHealthSection } from './health-section.ts';
import { createCollabSection } from './collab-section.ts';
import { createEmailChannelSection } from './email-channel-section.ts';
import { createJobsSection } from './jobs-section.ts';
import { createRequestCore, type KyrosClientOptions } from './request-core.ts';
import { createTaskRunsSection } from './task-runs-section.ts';
import { createTerminalSection } from './terminal-section.ts';
import { createToolsSection } from './tools-section.ts';
import { createWebhooksSection } from './webhooks-section.ts';

export { ApiError } from './api-error.ts';
export type { KyrosClientOptions } from './request-core.ts';

/**
 * The typed client of the whole Kyros API, for every process that is not the API: the worker's
 * activities, the console's server, bench, e2e, MCP and channels. One request core and one
 * `ApiError`; every answer is parsed with the zod contracts the API validates with and documents
 * its OpenAPI from.
 */
export function createKyrosClient(options: KyrosClientOptions) {
  const core = createRequestCore(options);
  return {
    /** State documents, tasks, leases, agents and the event log. */
    collab: createCollabSection(core),
    /** Start, follow and cancel a task's workflow. */
    taskRuns: createTaskRunsSection(core),
    /** Presets, jobs, variants, export and schedules. */
    jobs: createJobsSection(core),
    auth: createAuthSection(core),
    health: createHealthSection(core),
    /** The allowlisted executors and flows (GET any role, PATCH admin). */
    tools: createToolsSection(core),
    /** Users and API keys (admin only). */
    admin: createAdminSection(core),
    /** Terminal tickets (docs/TERMINAL.md). */
    terminal: createTerminalSection(core),
    /** The email channel's hand-over (the worker's service key only). */
    emailChannel: createEmailChannelSection(core),
    /** The channel hub: status, switches, the API channel and WebSocket tickets. */
    channels: createChannelsSection(core),
    /** Inbound webhooks and outbound subscriptions with their delivery log (admin only). */
    webhooks: createWebhooksSection(core),
  };
}

export type KyrosClient = ReturnType<typeof createKyrosClient>;
export type CollabClient = KyrosClient['collab'];
export type JobsClient = KyrosClient['jobs'];
export type ToolsClient = KyrosClient['tools'];
