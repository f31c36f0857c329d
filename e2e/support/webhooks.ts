import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createKyrosClient } from '@kyros/contracts/client';
import { ApiCommandResponse } from '@kyros/contracts/schemas/channels';
import { stackEnv } from './paths.ts';
import { accessToken, E2E_AGENT } from './provision.ts';

/** The typed client as the suite's admin, for what only an admin may set up (webhooks). */
export async function adminClient() {
  const token = await accessToken(stackEnv('apiUrl'), {
    email: stackEnv('adminEmail'),
    password: stackEnv('adminPassword'),
  });
  return createKyrosClient({ baseUrl: stackEnv('apiUrl'), credential: token });
}

/** The id of the suite's agent key, so a webhook can be bound to act as {@link E2E_AGENT}. */
export async function e2eAgentKeyId(admin: Awaited<ReturnType<typeof adminClient>>) {
  const keys = await admin.admin.listApiKeys();
  const key = keys.find((each) => each.agent_id === E2E_AGENT && !each.revoked);
  if (!key) throw new Error(`no API key bound to ${E2E_AGENT}`);
  return key.id;
}

/**
 * POSTs a command to an inbound webhook signed as a Standard Webhooks sender signs it (the
 * `standardwebhooks` package), and returns the API channel's answer.
 */
export async function fireSignedWebhook(url: string, secret: string, text: string) {
  const messageId = `msg_e2e_${randomUUID()}`;
  const now = new Date();
  const body = JSON.stringify({ text });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(messageId, now, body),
    },
    body,
  });
  if (!response.ok)
    throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  return { messageId, ...ApiCommandResponse.parse(await response.json()) };
}
