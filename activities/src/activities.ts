import type { PrismaClient } from '@kyros/db/client';
import { createChannelReplyActivities } from './channels/channel-reply-activities.ts';
import { pollEmailInbox, type EmailActivityDeps } from './email/poll-email-inbox.ts';
import { createJobActivities } from './jobs/job-activities.ts';
import { readinessEcho } from './readiness-echo.ts';
import { createTaskActivities, type TaskActivityDeps } from './task-activities.ts';
import {
  createWebhookActivities,
  type WebhookActivityDeps,
} from './webhooks/webhook-activities.ts';

export type ActivityDeps = TaskActivityDeps &
  Omit<WebhookActivityDeps, 'prisma'> & {
    /** The jobs tables for the job workflow's activities; without it they refuse. */
    prisma?: PrismaClient;
    /** The email channel's poll; without it the poll does nothing (the channel is off). */
    email?: EmailActivityDeps;
  };

/** Every activity the worker registers, built from real dependencies (Temporal's mutex sample). */
export function createActivities(deps: ActivityDeps) {
  return {
    readinessEcho,
    pollEmailInbox: () => pollEmailInbox(deps.email),
    ...createTaskActivities(deps),
    ...createJobActivities({
      ...(deps.prisma ? { prisma: deps.prisma } : {}),
      events: deps.collab,
      artifactsDir: deps.artifactsDir,
      ...(deps.databaseUrl ? { databaseUrl: deps.databaseUrl } : {}),
      ...(deps.llm ? { llm: deps.llm } : {}),
    }),
    ...createWebhookActivities(deps),
    ...createChannelReplyActivities(deps.prisma ? { prisma: deps.prisma } : {}),
  };
}
