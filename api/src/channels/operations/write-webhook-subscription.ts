import type {
  CreateWebhookSubscriptionRequest,
  PatchWebhookSubscriptionRequest,
} from '@kyros/contracts/schemas/webhooks';
import { generateWebhookSecret, sealSecret } from '@kyros/contracts/webhook-signing';
import { webhookTargetRefusal, type WebhookTargetPolicy } from '@kyros/contracts/webhook-target';
import type { WebhookSubscription } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';
import {
  auditedWebhookWrite,
  notFoundAs,
  requireSecretsKey,
  type WebhookAuditContext,
} from '../webhooks/audited-webhook-write.ts';

/** Refuses a URL that leads to a loopback, private or other non-public address (SSRF). */
async function assertPublicTarget(url: string, targets: WebhookTargetPolicy): Promise<void> {
  const refusal = await webhookTargetRefusal(url, targets);
  if (refusal)
    throw new AppError('invalid', refusal, { errors: [{ path: 'url', message: refusal }] });
}

/**
 * A new outbound subscription: events of its types appended after this moment (`after_event_id`,
 * the log's last id now) are delivered to its URL. Answers the secret once.
 */
export async function createWebhookSubscription(
  options: WebhookAuditContext & {
    secretsKey: string | undefined;
    targets: WebhookTargetPolicy;
    lastEventId: number;
    request: CreateWebhookSubscriptionRequest;
  },
): Promise<{ row: WebhookSubscription; secret: string }> {
  const key = requireSecretsKey(options.secretsKey);
  const { request } = options;
  await assertPublicTarget(request.url, options.targets);
  const secret = generateWebhookSecret();
  const row = await auditedWebhookWrite(
    options,
    {
      action: 'webhook_subscription.created',
      targetType: 'webhook_subscription',
      payload: { name: request.name, url: request.url, event_types: request.event_types },
    },
    (tx) =>
      tx.webhookSubscription.create({
        data: {
          name: request.name,
          url: request.url,
          eventTypes: [...new Set(request.event_types)],
          enabled: request.enabled,
          secretCiphertext: sealSecret(secret, key),
          afterEventId: options.lastEventId,
          createdBy: options.principal.actor,
        },
      }),
  );
  return { row, secret };
}

/** Changes a subscription's name, URL, event types or switch; deliveries in flight go on. */
export async function updateWebhookSubscription(
  options: WebhookAuditContext & {
    id: string;
    patch: PatchWebhookSubscriptionRequest;
    targets: WebhookTargetPolicy;
  },
): Promise<WebhookSubscription> {
  const { id, patch } = options;
  if (patch.url !== undefined) await assertPublicTarget(patch.url, options.targets);
  return auditedWebhookWrite(
    options,
    {
      action: 'webhook_subscription.updated',
      targetType: 'webhook_subscription',
      targetId: id,
      payload: patch,
    },
    (tx) =>
      tx.webhookSubscription
        .update({
          where: { id },
          data: {
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.url === undefined ? {} : { url: patch.url }),
            ...(patch.event_types === undefined
              ? {}
              : { eventTypes: [...new Set(patch.event_types)] }),
            ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
          },
        })
        .catch(notFoundAs(`Subscription ${id} does not exist`)),
  );
}

/** Deletes a subscription and its delivery log; running deliveries then end as gone. */
export function deleteWebhookSubscription(
  options: WebhookAuditContext & { id: string },
): Promise<{ id: string }> {
  const { id } = options;
  return auditedWebhookWrite(
    options,
    { action: 'webhook_subscription.deleted', targetType: 'webhook_subscription', targetId: id },
    (tx) =>
      tx.webhookSubscription
        .delete({ where: { id }, select: { id: true } })
        .catch(notFoundAs(`Subscription ${id} does not exist`)),
  );
}
