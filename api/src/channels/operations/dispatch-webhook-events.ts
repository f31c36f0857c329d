import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { WebhookPayload } from '@kyros/contracts/schemas/webhooks';
import type { PrismaClient, WebhookDelivery } from '@kyros/db/client';
import {
  webhookDeliveryWorkflowId,
  webhookTestFireWorkflowId,
} from '@kyros/workflows/webhook-delivery-api';
import { webhookDeliveryWorkflow } from '@kyros/workflows/webhook-delivery-workflow';
import { AppError } from '../../errors/app-error.ts';
import type { WebhookDeps } from '../channels-deps.ts';
import { readWebhookSubscription } from './read-webhook-subscriptions.ts';

export interface DispatchDeps {
  prisma: PrismaClient;
  webhooks: Pick<WebhookDeps, 'temporalClient' | 'taskQueue'>;
}

/**
 * Turns a page of the event log into deliveries: one `webhook_deliveries` row per (enabled
 * subscription whose types match, event after the subscription's start), then one delivery
 * workflow each. Both steps are idempotent — the unique (subscription, event) pair and the
 * workflow id derived from it, with REJECT_DUPLICATE — so re-reading a page after a crash starts
 * nothing twice.
 */
export async function dispatchWebhookEvents(
  deps: DispatchDeps,
  events: readonly CollabEvent[],
): Promise<number> {
  const { prisma } = deps;
  if (events.length === 0) return 0;
  const subscriptions = await prisma.webhookSubscription.findMany({ where: { enabled: true } });
  const rows = events.flatMap((event) =>
    subscriptions
      .filter((sub) => event.id > sub.afterEventId && matchesTypes(sub.eventTypes, event.event))
      .map((sub) => ({
        subscriptionId: sub.id,
        eventId: event.id,
        eventType: event.event,
        payload: payloadOf(event.event, event.ts, event),
        workflowId: webhookDeliveryWorkflowId(sub.id, event.id),
      })),
  );
  if (rows.length === 0) return 0;
  await prisma.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  const pending = await prisma.webhookDelivery.findMany({
    where: {
      status: 'pending',
      attempts: 0,
      eventId: { in: events.map((event) => event.id) },
      subscriptionId: { in: subscriptions.map((sub) => sub.id) },
    },
    select: { id: true, workflowId: true },
  });
  for (const delivery of pending) await startDelivery(deps, delivery);
  return pending.length;
}

/** A signed sample to a subscription (the console's Triggers tab): a delivery like any other. */
export async function testFireWebhookSubscription(
  deps: DispatchDeps & { id: string },
): Promise<WebhookDelivery> {
  const subscription = await readWebhookSubscription({ prisma: deps.prisma, id: deps.id });
  const id = randomUUID();
  const now = new Date().toISOString();
  const row = await deps.prisma.webhookDelivery.create({
    data: {
      id,
      subscriptionId: subscription.id,
      eventType: 'kyros.test',
      payload: payloadOf('kyros.test', now, {
        message: 'A test delivery from Kyros',
        subscription_id: subscription.id,
      }),
      workflowId: webhookTestFireWorkflowId(id),
    },
  });
  await startDelivery(deps, row);
  return row;
}

function matchesTypes(types: readonly string[], event: string): boolean {
  return types.includes('*') || types.includes(event);
}

/** The Standard Webhooks payload convention; stored as a JSON column (plain JSON values only). */
function payloadOf(type: string, timestamp: string, data: object): object {
  const payload: WebhookPayload = { type, timestamp, data };
  return JSON.parse(JSON.stringify(payload)) as object;
}

async function startDelivery(
  deps: DispatchDeps,
  delivery: { id: string; workflowId: string },
): Promise<void> {
  let client;
  try {
    client = await deps.webhooks.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
  try {
    await client.workflow.start(webhookDeliveryWorkflow, {
      workflowId: delivery.workflowId,
      taskQueue: deps.webhooks.taskQueue,
      args: [{ deliveryId: delivery.id }],
      // A delivery that ran (even one that ended) is never started again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
