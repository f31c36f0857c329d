import { describe, expect, it } from 'vitest';
import { ApiError, createKyrosClient } from './kyros-client.ts';
import { withRetryOn412 } from './retry-on-412.ts';

function apiError(status: number, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(status, {
    type: 'about:blank',
    title: 'Precondition Failed',
    status,
    code: status === 412 ? 'precondition_failed' : 'conflict',
    ...extra,
  });
}

describe('withRetryOn412', () => {
  it('re-runs the attempt after a 412, handing it the 412, until it succeeds', async () => {
    const seen: (string | undefined)[] = [];
    const delays: number[] = [];
    const result = await withRetryOn412(
      ({ attempt, lastError }) => {
        seen.push(lastError?.etag);
        if (attempt < 3) return Promise.reject(apiError(412, { etag: `"${attempt}-x"` }));
        return Promise.resolve('done');
      },
      { random: () => 1, sleep: (ms) => Promise.resolve(void delays.push(ms)) },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([undefined, '"1-x"', '"2-x"']);
    expect(delays).toEqual([10, 20]);
  });

  it('backs off with full jitter under an exponentially growing, capped ceiling', async () => {
    const delays: number[] = [];
    await expect(
      withRetryOn412(() => Promise.reject(apiError(412)), {
        maxAttempts: 8,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        random: () => 0.5,
        sleep: (ms) => Promise.resolve(void delays.push(ms)),
      }),
    ).rejects.toMatchObject({ status: 412 });
    expect(delays).toEqual([50, 100, 200, 400, 500, 500, 500]);
  });

  it('gives up after maxAttempts with the last 412', async () => {
    let attempts = 0;
    const failure = withRetryOn412(
      () => {
        attempts += 1;
        return Promise.reject(apiError(412));
      },
      { maxAttempts: 4, sleep: () => Promise.resolve() },
    );
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    expect(attempts).toBe(4);
  });

  it('does not retry other errors', async () => {
    let attempts = 0;
    const failure = withRetryOn412(() => {
      attempts += 1;
      return Promise.reject(apiError(409));
    });
    await expect(failure).rejects.toMatchObject({ status: 409 });
    expect(attempts).toBe(1);
  });
});

describe('ApiError', () => {
  it('carries the problem and reads the ETag of a 412', () => {
    const error = apiError(412, { detail: 'stale', etag: '"3-abc"' });
    expect(error.message).toBe('412 Precondition Failed: stale');
    expect(error.etag).toBe('"3-abc"');
    expect(apiError(409).etag).toBeUndefined();
  });
});

describe('createKyrosClient', () => {
  it('sends the token as a bearer credential on every request, events included', async () => {
    const sent: Headers[] = [];
    const recordingFetch: typeof fetch = (_input, init) => {
      sent.push(new Headers(init?.headers));
      const body = JSON.stringify({ events: [], next_after: 0, has_more: false });
      return Promise.resolve(
        new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    };
    const { collab: client } = createKyrosClient({
      baseUrl: 'http://api.test',
      credential: 'kyr_example',
      fetch: recordingFetch,
    });
    await client.getState('tasks').catch(() => undefined);
    await client.listEvents().catch(() => undefined);
    expect(sent).toHaveLength(2);
    for (const headers of sent) expect(headers.get('authorization')).toBe('Bearer kyr_example');
  });
});
