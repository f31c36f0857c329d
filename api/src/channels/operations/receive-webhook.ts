import { ApiCommandRequest } from '@kyros/contracts/schemas/channels';
import {
  openSecret,
  verifyWebhook,
  WebhookVerificationError,
} from '@kyros/contracts/webhook-signing';
import type { Principal } from '../../auth/principal.ts';
import { rateLimitedError } from '../../auth/rate-limit.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RateLimitVerdict } from '../channel-rate-limits.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { bindingOf } from '../webhooks/webhook-representations.ts';
import { requireSecretsKey } from '../webhooks/audited-webhook-write.ts';
import { handleCommand, type CommandInput, type HandledCommand } from './handle-command.ts';
import { pruneAcceptedWebhookIds } from './prune-accepted-webhook-ids.ts';
import { resolveWebhookPrincipal } from './resolve-webhook-principal.ts';

export interface ReceiveWebhookOptions {
  deps: ChannelsDeps;
  webhookId: string;
  /** The body exactly as it arrived: the signature covers these bytes. */
  rawBody: string;
  /** `text/plain` carries the command text; JSON carries `{text}` or `{command}`. */
  contentType: string | undefined;
  headers: { 'webhook-id'?: string; 'webhook-timestamp'?: string; 'webhook-signature'?: string };
  requestId?: string | undefined;
  /** The webhook channel's per-principal limit (`KYROS_CHANNEL_RATE_LIMIT_WEBHOOK`), counted once verified. */
  rateLimit?: (principal: Principal) => Promise<RateLimitVerdict>;
}

/**
 * One signed message to an inbound webhook. Every refusal before the command runs writes nothing:
 * an unknown webhook (404), a missing or wrong signature or a timestamp outside the 5-minute
 * tolerance (401), a disabled webhook or a binding that can no longer act (403), a body that is no
 * command (400), the channel's rate limit (429, with its audit row only), a `webhook-id` this
 * webhook already accepted (409). Then the command runs through
 * the one executor as the bound principal and is recorded like every channel's.
 */
export async function receiveWebhook(options: ReceiveWebhookOptions): Promise<HandledCommand> {
  const { deps, webhookId, rawBody, headers } = options;
  const key = requireSecretsKey(deps.webhooks?.secretsKey);
  const webhook = await deps.prisma.inboundWebhook.findUnique({ where: { id: webhookId } });
  if (!webhook) throw new AppError('not_found', `Webhook ${webhookId} does not exist`);
  const messageId = headers['webhook-id'];
  try {
    verifyWebhook({
      secret: openSecret(webhook.secretCiphertext, key),
      body: rawBody,
      headers: {
        'webhook-id': messageId ?? '',
        'webhook-timestamp': headers['webhook-timestamp'] ?? '',
        'webhook-signature': headers['webhook-signature'] ?? '',
      },
    });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    throw new AppError('unauthorized', `Webhook signature refused: ${error.message}`, {
      body: { reason: 'invalid_signature' },
    });
  }
  if (!webhook.enabled) throw new AppError('forbidden', `Webhook ${webhook.name} is disabled`);
  const input = commandInputOf(options.contentType, rawBody);
  const bound = await resolveWebhookPrincipal({
    prisma: deps.prisma,
    binding: bindingOf(webhook),
    now: deps.now?.() ?? new Date(),
  });
  if (!bound.ok)
    throw new AppError('forbidden', `Webhook ${webhook.name} cannot act: ${bound.reason}`);
  // Counted only once the signature holds, so nobody can spend a webhook's allowance but its sender.
  const verdict = await options.rateLimit?.(bound.principal);
  if (verdict && !verdict.allowed) throw rateLimitedError(verdict);
  // The primary key decides between a replay and concurrent duplicates: one insert wins.
  const claimed = await deps.prisma.inboundWebhookMessage.createMany({
    data: [{ webhookId, messageId: messageId ?? '' }],
    skipDuplicates: true,
  });
  if (claimed.count === 0) {
    throw new AppError('conflict', `Message ${messageId ?? ''} was already received`, {
      body: { reason: 'replayed' },
    });
  }
  await pruneAcceptedWebhookIds({ prisma: deps.prisma, now: deps.now?.() ?? new Date() });
  try {
    return await handleCommand({
      deps,
      channel: 'webhook',
      principal: bound.principal,
      input,
      requestId: options.requestId,
    });
  } catch (error) {
    // Not recorded, so not run to the end: the sender's retry (same webhook-id) may try again.
    await deps.prisma.inboundWebhookMessage.deleteMany({
      where: { webhookId, messageId: messageId ?? '' },
    });
    throw error;
  }
}

function commandInputOf(contentType: string | undefined, rawBody: string): CommandInput {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/plain') return { text: rawBody };
  if (mediaType !== 'application/json') {
    throw new AppError(
      'unsupported_media_type',
      'Send the command as text/plain or application/json',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('invalid', 'Malformed JSON body');
  }
  const parsed = ApiCommandRequest.safeParse(json);
  if (!parsed.success) {
    throw new AppError('invalid', 'The body must be {"text": "…"} or {"command": {…}}', {
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(body)',
        message: issue.message,
      })),
    });
  }
  return 'text' in parsed.data ? { text: parsed.data.text } : { command: parsed.data.command };
}
