import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from './slack-signature.ts';

// The worked example of docs.slack.dev/authentication/verifying-requests-from-slack.
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: DOC_SECRET,
    timestamp: DOC_TIMESTAMP,
    signature: DOC_SIGNATURE,
    rawBody: Buffer.from(DOC_BODY),
    nowSeconds: Number(DOC_TIMESTAMP) + 10,
    ...overrides,
  });

/** Signed independently of the module under test, the way Slack documents it. */
const sign = (secret: string, timestamp: string, body: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

describe('verifySlackSignature', () => {
  it("accepts Slack's own worked example", () => {
    expect(check()).toEqual({ ok: true });
  });

  it('refuses a body changed by one byte, another secret, or another timestamp', () => {
    expect(check({ rawBody: Buffer.from(DOC_BODY.replace('text=', 'text=x')) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check({ signingSecret: `${DOC_SECRET}0` })).toMatchObject({ reason: 'mismatch' });
    expect(check({ timestamp: String(Number(DOC_TIMESTAMP) + 1) })).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('allows five minutes of skew either way and refuses one second more', () => {
    const at = (delta: number) => check({ nowSeconds: Number(DOC_TIMESTAMP) + delta });
    expect(at(300)).toEqual({ ok: true });
    expect(at(-300)).toEqual({ ok: true });
    expect(at(301)).toEqual({ ok: false, reason: 'stale' });
    // A request dated in the future is refused too (Bolt's verifier only looks back).
    expect(at(-301)).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses missing and malformed headers without comparing anything', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    for (const signature of ['', 'v1=' + 'a'.repeat(64), 'v0=' + 'A'.repeat(64), 'v0=abc']) {
      expect(check({ signature })).toEqual({ ok: false, reason: 'malformed' });
    }
    for (const timestamp of ['', '15314206.18', '-1531420618', '1e9', ' 1531420618']) {
      expect(check({ timestamp })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('verifies non-ASCII bodies over their bytes', () => {
    const body = 'text=%E2%9C%93+move+T-101&user_id=U1&emoji=✓';
    const timestamp = '1700000000';
    const signature = sign('a-signing-secret-of-32-characters', timestamp, body);
    expect(
      verifySlackSignature({
        signingSecret: 'a-signing-secret-of-32-characters',
        timestamp,
        signature,
        rawBody: Buffer.from(body, 'utf8'),
        nowSeconds: 1_700_000_000,
      }),
    ).toEqual({ ok: true });
  });
});
