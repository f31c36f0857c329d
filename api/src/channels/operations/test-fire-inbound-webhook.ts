import { randomUUID } from 'node:crypto';
import { openSecret, signWebhook } from '@kyros/contracts/webhook-signing';
import type { ChannelsDeps } from '../channels-deps.ts';
import { requireSecretsKey } from '../webhooks/audited-webhook-write.ts';
import type { HandledCommand } from './handle-command.ts';
import { readInboundWebhook } from './read-inbound-webhooks.ts';
import { receiveWebhook } from './receive-webhook.ts';

/**
 * Sends an inbound webhook a sample signed with its own secret, through the same verification and
 * executor as a sender's message (so the command runs and is recorded; the default `help` changes
 * nothing).
 */
export async function testFireInboundWebhook(options: {
  deps: ChannelsDeps;
  id: string;
  text: string;
  requestId?: string | undefined;
}): Promise<HandledCommand> {
  const { deps, id } = options;
  const key = requireSecretsKey(deps.webhooks?.secretsKey);
  const webhook = await readInboundWebhook({ prisma: deps.prisma, id });
  const rawBody = JSON.stringify({ text: options.text });
  const headers = signWebhook({
    secret: openSecret(webhook.secretCiphertext, key),
    messageId: `msg_test_${randomUUID()}`,
    timestamp: new Date(),
    body: rawBody,
  });
  return receiveWebhook({
    deps,
    webhookId: id,
    rawBody,
    contentType: 'application/json',
    headers,
    requestId: options.requestId,
  });
}
