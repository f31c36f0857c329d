import { generateWebhookSecret, sealSecret } from '@kyros/contracts/webhook-signing';
import {
  auditedWebhookWrite,
  notFoundAs,
  requireSecretsKey,
  type WebhookAuditContext,
} from '../webhooks/audited-webhook-write.ts';

/**
 * A new secret for an inbound webhook or an outbound subscription. The old one stops working the
 * moment this commits (no overlap): inbound messages signed with it get 401, outbound deliveries
 * from then on are signed with the new one.
 */
export async function rotateWebhookSecret(
  options: WebhookAuditContext & {
    secretsKey: string | undefined;
    kind: 'webhook' | 'webhook_subscription';
    id: string;
  },
): Promise<{ id: string; secret: string; rotatedAt: Date }> {
  const key = requireSecretsKey(options.secretsKey);
  const { id, kind } = options;
  const secret = generateWebhookSecret();
  const rotatedAt = new Date();
  const missing = notFoundAs(
    `${kind === 'webhook' ? 'Webhook' : 'Subscription'} ${id} does not exist`,
  );
  const secretCiphertext = sealSecret(secret, key);
  await auditedWebhookWrite(
    options,
    { action: `${kind}.secret_rotated`, targetType: kind, targetId: id },
    (tx) =>
      kind === 'webhook'
        ? tx.inboundWebhook
            .update({
              where: { id },
              data: { secretCiphertext, secretRotatedAt: rotatedAt },
              select: { id: true },
            })
            .catch(missing)
        : tx.webhookSubscription
            .update({ where: { id }, data: { secretCiphertext }, select: { id: true } })
            .catch(missing),
  );
  return { id, secret, rotatedAt };
}
