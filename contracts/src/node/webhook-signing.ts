import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { KyrosConfig } from './config.ts';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/) signing and verifying through the
 * maintained `standardwebhooks` package, and the at-rest encryption of the secrets: verifying and
 * signing need the secret itself, so it is stored encrypted (AES-256-GCM), never hashed. Shared by
 * the API (inbound verification, test-fire) and the worker (outbound deliveries).
 */

export { WebhookVerificationError };

/** `whsec_` + base64 of 32 random bytes: the format every Standard Webhooks library reads. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three headers of a signed message (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`). */
export function signWebhook(options: {
  secret: string;
  messageId: string;
  timestamp: Date;
  body: string;
}): SignedHeaders {
  const { secret, messageId, timestamp, body } = options;
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}

/**
 * Throws {@link WebhookVerificationError} unless one of the signatures matches and the timestamp is
 * within the package's 5-minute tolerance (either way).
 */
export function verifyWebhook(options: {
  secret: string;
  body: string;
  headers: Record<string, string>;
}): void {
  new Webhook(options.secret).verify(options.body, options.headers, { jsonParse: false });
}

const SEALED_PREFIX = 'v1';

/** Encrypts a webhook secret for the database: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function sealSecret(secret: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return [SEALED_PREFIX, ...parts].join('.');
}

/** Decrypts {@link sealSecret}'s output; a wrong key or a tampered value throws. */
export function openSecret(sealed: string, key: string): string {
  const [prefix, iv, tag, ciphertext] = sealed.split('.');
  if (prefix !== SEALED_PREFIX || !iv || !tag || ciphertext === undefined) {
    throw new Error('not a sealed webhook secret');
  }
  const decipher = createDecipheriv('aes-256-gcm', aesKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** The configured key is a passphrase of 32+ characters; AES-256 takes its SHA-256. */
function aesKey(key: string): Buffer {
  return createHash('sha256').update(`kyros webhook secrets\u0000${key}`).digest();
}

/**
 * KYROS_WEBHOOK_SECRETS_KEY, which the API and the worker must share. Without it, outside
 * production, a random key is made once and kept in `<dataDir>/auth/webhook-secrets-key`; in
 * production there is none and webhooks are off (undefined).
 */
export async function resolveWebhookSecretsKey(
  config: Pick<KyrosConfig, 'env' | 'dataDir' | 'channels'>,
): Promise<string | undefined> {
  if (config.channels.webhooks.secretsKey) return config.channels.webhooks.secretsKey;
  if (config.env === 'production') return undefined;
  const file = path.join(config.dataDir, 'auth', 'webhook-secrets-key');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
