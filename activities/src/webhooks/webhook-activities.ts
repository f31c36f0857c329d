import { Context } from '@temporalio/activity';
import type { PrismaClient } from '@kyros/db/client';
import { failure } from '@kyros/contracts/failures';
import { openSecret, signWebhook } from '@kyros/contracts/webhook-signing';
import { WebhookTargetRefused, type WebhookTargetPolicy } from '@kyros/contracts/webhook-target';
import { postWebhook } from './post-webhook.ts';

export interface WebhookActivityDeps {
  /** The delivery log and the subscriptions; without it deliveries are refused. */
  prisma?: PrismaClient;
  /** KYROS_WEBHOOK_SECRETS_KEY, resolved once on first use; undefined when webhooks are off. */
  webhookSecretsKey?: () => Promise<string | undefined>;
  /** How long one POST may take before the attempt counts as failed. */
  webhookTimeoutMs?: number;
  /** Which addresses deliveries may reach (KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS); public only by default. */
  webhookTargets?: WebhookTargetPolicy;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A subscriber's answer is kept in the log only this far. */
const ERROR_TEXT_MAX = 500;

/**
 * The outbound webhook delivery's side effects (docs/CHANNELS.md, "Outbound webhooks"): one signed
 * POST per attempt, recorded in `webhook_deliveries`. Retries and backoff are the workflow's retry
 * policy; a non-2xx answer or a network error is a retryable `WebhookDeliveryFailed`, a URL that
 * leads to a non-public address a final `WebhookTargetRefused` (checked after resolution, on the
 * address the connection then uses).
 */
export function createWebhookActivities(deps: WebhookActivityDeps) {
  const db = (): PrismaClient => {
    if (!deps.prisma) throw failure('WebhookDeliveryGone', 'The worker has no database');
    return deps.prisma;
  };
  const targets = deps.webhookTargets ?? { allowPrivate: false };

  return {
    /** Sends the delivery once; answers the attempt number that succeeded. */
    async deliverWebhook(deliveryId: string): Promise<number> {
      const attempt = Context.current().info.attempt;
      const delivery = await db().webhookDelivery.findUnique({
        where: { id: deliveryId },
        include: { subscription: true },
      });
      if (!delivery) throw failure('WebhookDeliveryGone', `Delivery ${deliveryId} is gone`);
      // A retry after a lost completion finds the delivery done.
      if (delivery.status === 'delivered') return delivery.attempts;
      const key = await deps.webhookSecretsKey?.();
      if (!key) throw failure('WebhookDeliveryGone', 'Webhooks are off (no secrets key)');
      const body = JSON.stringify(delivery.payload);
      const headers = signWebhook({
        secret: openSecret(delivery.subscription.secretCiphertext, key),
        messageId: delivery.id,
        timestamp: new Date(),
        body,
      });
      const started = performance.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      let refused = false;
      try {
        const response = await postWebhook({
          url: delivery.subscription.url,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'user-agent': 'kyros-webhooks/1',
          },
          body,
          timeoutMs: deps.webhookTimeoutMs ?? DEFAULT_TIMEOUT_MS,
          targets,
        });
        statusCode = response.status;
        if (statusCode < 200 || statusCode > 299) {
          error = `HTTP ${String(statusCode)}: ${response.text.slice(0, ERROR_TEXT_MAX)}`;
        }
      } catch (sendError) {
        refused = sendError instanceof WebhookTargetRefused;
        error = sendError instanceof Error ? sendError.message : String(sendError);
      }
      const latencyMs = Math.round(performance.now() - started);
      const delivered = error === null;
      await db().webhookDelivery.update({
        where: { id: deliveryId },
        data: {
          attempts: attempt,
          lastStatusCode: statusCode,
          lastError: error,
          latencyMs,
          ...(delivered ? { status: 'delivered', deliveredAt: new Date() } : {}),
        },
      });
      // A refused target is final: another attempt would only ask the resolver again.
      if (refused) throw failure('WebhookTargetRefused', error ?? 'refused target');
      if (!delivered) {
        throw failure('WebhookDeliveryFailed', `Attempt ${attempt} failed: ${error ?? ''}`);
      }
      return attempt;
    },

    /** The retries ran out (or the delivery is gone): the log says failed. */
    async markWebhookDeliveryFailed(deliveryId: string): Promise<number> {
      await db().webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'pending' },
        data: { status: 'failed' },
      });
      const row = await db().webhookDelivery.findUnique({
        where: { id: deliveryId },
        select: { attempts: true },
      });
      return row?.attempts ?? 0;
    },
  };
}
