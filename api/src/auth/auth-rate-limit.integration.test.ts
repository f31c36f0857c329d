import { pino } from 'pino';
import { describe, expect, vi } from 'vitest';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { openAuth } from './open-auth.ts';

let api: InProcessApi;
/** A second API replica over the same database: limits are counted in Postgres, not in memory. */
let replica: { url: string };

const AUTH_LIMIT = 3;
const PRINCIPAL_LIMIT = 5;

test.override({
  apiOptions: { clock: 'real' },
  authOptions: { authPerMinute: AUTH_LIMIT, perPrincipalPerMinute: PRINCIPAL_LIMIT },
});
test.beforeAll(async ({ api: started }) => {
  api = started;
  const auth = await openAuth({
    prisma: api.auth.prisma,
    logger: pino({ level: 'silent' }),
    config: {
      env: 'test',
      dataDir: api.dir,
      auth: {
        jwtSecret: api.auth.jwtSecret,
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 3600,
        admin: undefined,
        apiKey: undefined,
        rateLimits: { authPerMinute: AUTH_LIMIT, perPrincipalPerMinute: PRINCIPAL_LIMIT },
      },
    },
  });
  replica = await api.replica(auth);
});

function expectRateLimited(response: Awaited<ReturnType<typeof sendRaw>>, limit: number) {
  expectProblem(response, 429, 'rate_limited');
  expect(response.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('rate limits', () => {
  test('stop password guessing per client across replicas; the refused login changes nothing', async () => {
    const guess = (url: string, password: string) =>
      sendRaw(url, 'POST', '/auth/login', { body: { email: api.auth.admin.email, password } });
    // Attempts on both replicas count against one limit.
    expect((await guess(api.url, 'guess-1')).status).toBe(401);
    expect((await guess(replica.url, 'guess-2')).status).toBe(401);
    const third = await guess(api.url, 'guess-3');
    expect(third.status).toBe(401);
    expect(third.headers.get('ratelimit-remaining')).toBe('0');

    const adminWithSessions = () =>
      api.auth.prisma.user.findUniqueOrThrow({
        where: { email: api.auth.admin.email },
        include: { refreshTokens: true },
      });
    // Even the right password is refused now, and no session is made.
    await expectUnchanged(adminWithSessions, async () => {
      expectRateLimited(await guess(replica.url, api.auth.admin.password), AUTH_LIMIT);
    });
    // Refresh and logout share the per-client budget.
    expectRateLimited(
      await sendRaw(api.url, 'POST', '/auth/refresh', { body: { refresh_token: 'x' } }),
      AUTH_LIMIT,
    );
    expectRateLimited(
      await sendRaw(replica.url, 'POST', '/auth/logout', { body: { refresh_token: 'x' } }),
      AUTH_LIMIT,
    );
  });

  test('limit each principal on the other routes, without touching another principal', async () => {
    // A principal nothing has used yet: its window starts with this loop. (The fixture's own key
    // may have opened a window during set-up that runs out in the middle of the loop on a slow
    // machine, and a fresh window counts from zero again.)
    const headers = await api.headersFor('agent-rate-limit-probe');
    for (let i = 0; i < PRINCIPAL_LIMIT; i += 1) {
      const response = await sendRaw(api.url, 'GET', '/collab/agents', { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(PRINCIPAL_LIMIT - i - 1));
    }
    expectRateLimited(
      await sendRaw(api.url, 'GET', '/collab/agents', { headers }),
      PRINCIPAL_LIMIT,
    );
    const other = await sendRaw(api.url, 'GET', '/collab/agents', {
      headers: api.auth.adminHeaders,
    });
    expect(other.status).toBe(200);
    // Probes are never limited.
    expect((await sendRaw(api.url, 'GET', '/healthz', { headers })).status).toBe(200);
  });

  test('count a principal once across replicas, each adding its hits to Postgres', async () => {
    const headers = api.auth.adminHeaders;
    const remaining = async (url: string) =>
      (await sendRaw(url, 'GET', '/collab/agents', { headers })).headers.get('ratelimit-remaining');
    // The previous test spent one of the admin's requests on the first replica.
    expect(await remaining(api.url)).toBe('3');
    expect(await remaining(api.url)).toBe('2');
    await vi.waitFor(
      async () => {
        const rows = await api.auth.prisma.$queryRaw<{ hits: number }[]>`
          SELECT hits FROM rate_limit_buckets WHERE key = ${`principal:user:${api.auth.admin.id}`}`;
        expect(rows[0]?.hits).toBe(3);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(await remaining(replica.url)).toBe('1');
    expect(await remaining(replica.url)).toBe('0');
    expectRateLimited(
      await sendRaw(replica.url, 'GET', '/collab/agents', { headers }),
      PRINCIPAL_LIMIT,
    );
  });
});
