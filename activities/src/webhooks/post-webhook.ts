import http from 'node:http';
import https from 'node:https';
import {
  assertLiteralTargetAllowed,
  connectLookup,
  type WebhookTargetPolicy,
} from '@kyros/contracts/webhook-target';

/** How much of a subscriber's answer is read; the log keeps less. */
const RESPONSE_TEXT_MAX = 4096;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  targets: WebhookTargetPolicy;
}

/**
 * One POST to a subscriber. The connection goes to the address the target policy checked
 * (`connectLookup`), not to whatever the name resolves to a moment later; redirects are not
 * followed; no connection is reused. Rejects with WebhookTargetRefused for a non-public target.
 */
export function postWebhook(post: WebhookPost): Promise<{ status: number; text: string }> {
  const url = new URL(post.url);
  assertLiteralTargetAllowed(url, post.targets);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body) },
        lookup: connectLookup(post.targets),
        agent: false,
        signal: AbortSignal.timeout(post.timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          if (length < RESPONSE_TEXT_MAX) chunks.push(chunk);
          length += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_TEXT_MAX),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(post.body);
  });
}
