import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ReadinessResponse } from '@kyros/contracts/schemas/health';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { createApp } from './app.ts';

const app = createApp({
  logger: pino({ level: 'silent' }),
  publicUrl: 'http://127.0.0.1:8000',
  readinessTimeoutMs: 1000,
  probes: {
    database: () => Promise.resolve(),
    temporal: () => Promise.resolve(),
    task_queue: () => Promise.reject(new Error('no worker polls the queue')),
    collaboration_dir: () => Promise.resolve(),
  },
});

describe('API skeleton over HTTP', () => {
  it('answers /healthz with 200 without touching dependencies', async () => {
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 naming the failing check', async () => {
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(ReadinessResponse.parse(response.body).failing).toEqual(['task_queue']);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('renders an unknown route as a problem+json 404', async () => {
    const response = await request(app).get('/no/such/thing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = ProblemSchema.parse(JSON.parse(response.text));
    expect(problem).toMatchObject({ status: 404, code: 'not_found', instance: '/no/such/thing' });
    expect(problem.detail).toContain('GET /no/such/thing');
  });

  it('refuses malformed JSON with a problem+json 400', async () => {
    const response = await request(app)
      .post('/healthz')
      .set('Content-Type', 'application/json')
      .send('{"unterminated": ');
    expect(response.status).toBe(400);
    const problem = ProblemSchema.parse(JSON.parse(response.text));
    expect(problem.code).toBe('invalid');
    expect(problem.detail).toMatch(/Malformed JSON/);
  });

  it('refuses a body over 1 MB with a problem+json 413', async () => {
    const response = await request(app)
      .post('/healthz')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 1) }));
    expect(response.status).toBe(413);
    expect(ProblemSchema.parse(JSON.parse(response.text)).code).toBe('payload_too_large');
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const echoed = await request(app).get('/healthz').set('X-Request-Id', 'agent-7.req:42');
    expect(echoed.headers['x-request-id']).toBe('agent-7.req:42');
    const generated = await request(app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await request(app).get('/missing');
    expect(ProblemSchema.parse(JSON.parse(problem.text)).request_id).toBe(
      problem.headers['x-request-id'],
    );
  });

  it('publishes an OpenAPI 3.1 document covering its routes and the Problem schema', async () => {
    const response = await request(app).get('/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(document.components.schemas).toHaveProperty('Problem');
    expect(document.components.schemas).toHaveProperty('Readiness');
  });

  it('renders the API reference at /docs from local assets', async () => {
    const response = await request(app).get('/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
    expect(response.text).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});
