import { randomBytes, randomUUID } from 'node:crypto';
import { signAccessToken } from '@kyros/api/access-tokens';

/**
 * The benchmark's credential: the API child gets this run's random KYROS_JWT_SECRET, and every
 * request carries an `agent` access token signed with it. Access tokens are checked without the
 * database (docs/AUTH.md), and the child runs with KYROS_RATE_LIMIT=0, so the measurement needs
 * no Postgres and is never throttled.
 */
export const BENCH_JWT_SECRET = randomBytes(32).toString('base64url');

const BENCH_EMAIL = 'bench@kyros.test';

/**
 * Who every benchmark write is made as: the identity the token's user acts as (docs/adr/0008).
 * A body naming anyone else would be refused with 403.
 */
export const BENCH_ACTOR = `user:${BENCH_EMAIL}`;

export const BENCH_AUTH_HEADERS: Record<string, string> = {
  authorization: `Bearer ${signAccessToken(
    { sub: randomUUID(), email: BENCH_EMAIL, role: 'agent' },
    BENCH_JWT_SECRET,
    86_400,
  )}`,
};

/** What the API child needs in its environment to accept {@link BENCH_AUTH_HEADERS}. */
export const BENCH_AUTH_ENV: Record<string, string> = {
  KYROS_JWT_SECRET: BENCH_JWT_SECRET,
  KYROS_RATE_LIMIT: '0',
};
