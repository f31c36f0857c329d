import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signing, version `v0` (docs.slack.dev, "Verifying requests from Slack"): the
 * signature is `v0=` + hex HMAC-SHA256, keyed by the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`. A request more than five minutes from our clock,
 * either way, is refused so a captured request cannot be replayed later. Written here rather than
 * imported from `@slack/bolt` (which exports `verifySlackRequest`) because Bolt would bring the
 * whole framework — web API client, socket mode, OAuth — for these lines (docs/CHANNELS.md).
 */

export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SlackSignatureCheck =
  { ok: true } | { ok: false; reason: 'missing_headers' | 'malformed' | 'stale' | 'mismatch' };

export interface SlackSignedRequest {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp`: Unix seconds, as Slack sent it. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=<64 hex>`. */
  signature: string | undefined;
  /** The body exactly as received: the signature is over these bytes, not a re-encoding. */
  rawBody: Buffer;
  nowSeconds: number;
}

export function verifySlackSignature(request: SlackSignedRequest): SlackSignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (!/^[0-9]{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(request.nowSeconds - Number(timestamp)) > SLACK_SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale' };
  }
  const expected = slackSignature(request.signingSecret, timestamp, request.rawBody);
  // Both are 67 ASCII bytes here, so timingSafeEqual never throws on a length difference.
  const matches = timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return matches ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">`. */
export function slackSignature(signingSecret: string, timestamp: string, body: Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}
