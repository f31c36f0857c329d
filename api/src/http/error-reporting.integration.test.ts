import { Router } from 'express';
import { afterAll, describe, expect } from 'vitest';
import { startErrorReporting, type ErrorReporter } from '@kyros/contracts/error-reporting';
import { listenApp, type TestApp } from '@kyros/test-support/api/in-process-api';
import type { TestAuth } from '@kyros/test-support/api/test-auth';
import { test } from '@kyros/test-support/fixtures/integration-test';
import { startSentrySink, type SentrySink } from '@kyros/test-support/errors/sentry-sink';
import type { ApiModule } from '../api-module.ts';
import { AppError } from '../errors/app-error.ts';

/** Routes that fail: a bug (500) and a refusal (409, an answer, not a fault). */
function failingModule(): ApiModule {
  const router = Router();
  let failures = 0;
  // Each failure its own message: Sentry drops an event identical to the one before (dedupe).
  router.get('/test/boom', () => {
    failures += 1;
    throw new Error(`boom ${failures}: the route broke`);
  });
  router.get('/test/refused', () => {
    throw new AppError('conflict', 'refused on purpose');
  });
  return { name: 'failing', router, registerOpenApi: () => undefined };
}

describe('error reporting to Sentry (SENTRY_DSN)', () => {
  let sink: SentrySink;
  let auth: TestAuth;
  let reporter: ErrorReporter;
  let app: TestApp;

  test.beforeAll(async ({ auth: fileAuth }) => {
    sink = await startSentrySink();
    auth = fileAuth;
    const started = await startErrorReporting({
      sentry: { dsn: sink.dsn, environment: 'test' },
      service: 'api',
      secrets: [auth.jwtSecret],
    });
    if (!started) throw new Error('a DSN must start error reporting');
    reporter = started;
    app = await listenApp({
      authentication: auth.auth.middleware,
      modules: [failingModule()],
      errorReporter: reporter,
    });
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  test('a route that throws arrives as an envelope with the request id and no secrets', async () => {
    const cookie = 'kyros_session=cookie-value-7d41e9';
    const response = await fetch(`${app.url}/test/boom`, {
      headers: { ...auth.adminHeaders, cookie },
    });
    expect(response.status).toBe(500);
    const problem = (await response.json()) as { request_id: string };
    expect(problem.request_id).toMatch(/^[0-9a-f-]{36}$/);

    const envelope = await sink.envelopeContaining(problem.request_id);
    expect(envelope).toContain(': the route broke');
    expect(envelope).toContain('"request_id":"' + problem.request_id + '"');
    expect(envelope).toContain('"service":"api"');
    const token = auth.adminHeaders.authorization?.replace('Bearer ', '') ?? '';
    for (const secret of [token, 'cookie-value-7d41e9', sink.dsnSecret, auth.jwtSecret]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(envelope).not.toContain(secret);
    }
    expect(envelope.toLowerCase()).not.toContain('authorization');
  });

  test('a refusal (4xx) is an answer, not a fault: nothing is reported', async () => {
    const refused = await fetch(`${app.url}/test/refused`, { headers: auth.adminHeaders });
    expect(refused.status).toBe(409);
    const { request_id: refusedId } = (await refused.json()) as { request_id: string };
    // A 500 after it: once its envelope is in, the refusal's would have been too.
    const broke = await fetch(`${app.url}/test/boom`, { headers: auth.adminHeaders });
    const { request_id: brokeId } = (await broke.json()) as { request_id: string };
    await sink.envelopeContaining(brokeId);
    expect(sink.envelopes.some((item) => item.body.includes(refusedId))).toBe(false);
  });
});
