import type { PatchInboundWebhookRequest } from '@kyros/contracts/schemas/webhooks';
import type { InboundWebhook } from '@kyros/db/client';
import {
  auditedWebhookWrite,
  notFoundAs,
  type WebhookAuditContext,
} from '../webhooks/audited-webhook-write.ts';

/** Renames, enables or disables an inbound webhook (a disabled one refuses every message). */
export function updateInboundWebhook(
  options: WebhookAuditContext & { id: string; patch: PatchInboundWebhookRequest },
): Promise<InboundWebhook> {
  const { id, patch } = options;
  const action =
    patch.enabled === undefined
      ? 'webhook.updated'
      : patch.enabled
        ? 'webhook.enabled'
        : 'webhook.disabled';
  return auditedWebhookWrite(
    options,
    { action, targetType: 'webhook', targetId: id, payload: patch },
    (tx) =>
      tx.inboundWebhook
        .update({
          where: { id },
          data: {
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
          },
        })
        .catch(notFoundAs(`Webhook ${id} does not exist`)),
  );
}

/** Deletes an inbound webhook with its accepted message ids; its URL then answers 404. */
export function deleteInboundWebhook(
  options: WebhookAuditContext & { id: string },
): Promise<{ id: string }> {
  const { id } = options;
  return auditedWebhookWrite(
    options,
    { action: 'webhook.deleted', targetType: 'webhook', targetId: id },
    (tx) =>
      tx.inboundWebhook
        .delete({ where: { id }, select: { id: true } })
        .catch(notFoundAs(`Webhook ${id} does not exist`)),
  );
}
