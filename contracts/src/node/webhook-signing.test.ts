import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  openSecret,
  sealSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from './webhook-signing.ts';

const KEY = 'a-webhook-secrets-key-of-at-least-32-chars';

describe('webhook secrets at rest', () => {
  it('seal then open gives the secret back; each seal is different', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const sealed = sealSecret(secret, KEY);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealSecret(secret, KEY)).not.toBe(sealed);
    expect(openSecret(sealed, KEY)).toBe(secret);
  });

  it('a wrong key or a tampered value does not open', () => {
    const sealed = sealSecret(generateWebhookSecret(), KEY);
    expect(() => openSecret(sealed, `${KEY}!`)).toThrow();
    const [prefix, iv, tag, body = ''] = sealed.split('.');
    // Flip a bit of a decoded byte: the last base64 character may carry only padding bits.
    const bytes = Buffer.from(body, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const flipped = bytes.toString('base64url');
    expect(() => openSecret([prefix, iv, tag, flipped].join('.'), KEY)).toThrow();
    expect(() => openSecret('not sealed', KEY)).toThrow('not a sealed webhook secret');
  });
});

describe('Standard Webhooks signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"text":"claim T-101"}';

  it('what we sign, the reference library verifies (and the other way round)', () => {
    const headers = signWebhook({ secret, messageId: 'msg_1', timestamp: new Date(), body });
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
    const theirs = new Webhook(secret).sign('msg_2', new Date(), body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(() =>
      verifyWebhook({
        secret,
        body,
        headers: {
          'webhook-id': 'msg_2',
          'webhook-timestamp': timestamp,
          'webhook-signature': theirs,
        },
      }),
    ).not.toThrow();
  });

  it('refuses another body, another secret, and a timestamp over 5 minutes off', () => {
    const now = new Date();
    const headers = { ...signWebhook({ secret, messageId: 'msg_3', timestamp: now, body }) };
    expect(() => verifyWebhook({ secret, body: `${body} `, headers })).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyWebhook({ secret: generateWebhookSecret(), body, headers })).toThrow(
      WebhookVerificationError,
    );
    const stale = new Date(now.getTime() - 301_000);
    const old = { ...signWebhook({ secret, messageId: 'msg_4', timestamp: stale, body }) };
    expect(() => verifyWebhook({ secret, body, headers: old })).toThrow(WebhookVerificationError);
    const recent = new Date(now.getTime() - 280_000);
    const fine = { ...signWebhook({ secret, messageId: 'msg_5', timestamp: recent, body }) };
    expect(() => verifyWebhook({ secret, body, headers: fine })).not.toThrow();
  });
});
