import type { CreateInboundWebhookRequest } from '@kyros/contracts/schemas/webhooks';
import { generateWebhookSecret, sealSecret } from '@kyros/contracts/webhook-signing';
import type { InboundWebhook } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';
import {
  auditedWebhookWrite,
  requireSecretsKey,
  type WebhookAuditContext,
} from '../webhooks/audited-webhook-write.ts';
import { resolveWebhookPrincipal } from './resolve-webhook-principal.ts';

/**
 * A new inbound webhook bound to the principal the admin names; answers the secret, which is
 * stored only sealed and never shown again. A binding that cannot act (unknown, disabled, revoked,
 * the service key) is refused.
 */
export async function createInboundWebhook(
  options: WebhookAuditContext & {
    secretsKey: string | undefined;
    request: CreateInboundWebhookRequest;
  },
): Promise<{ row: InboundWebhook; secret: string }> {
  const key = requireSecretsKey(options.secretsKey);
  const { request } = options;
  const bound = await resolveWebhookPrincipal({
    prisma: options.prisma,
    binding: request.acts_as,
    now: new Date(),
  });
  if (!bound.ok) {
    throw new AppError('invalid', `acts_as cannot act: ${bound.reason}`, {
      errors: [{ path: 'acts_as', message: bound.reason }],
    });
  }
  const secret = generateWebhookSecret();
  const row = await auditedWebhookWrite(
    options,
    {
      action: 'webhook.created',
      targetType: 'webhook',
      payload: { name: request.name, acts_as: bound.principal.actor },
    },
    (tx) =>
      tx.inboundWebhook.create({
        data: {
          name: request.name,
          secretCiphertext: sealSecret(secret, key),
          enabled: request.enabled,
          createdBy: options.principal.actor,
          ...('user_id' in request.acts_as
            ? { actsAsUserId: request.acts_as.user_id }
            : { actsAsApiKeyId: request.acts_as.api_key_id }),
        },
      }),
  );
  return { row, secret };
}
