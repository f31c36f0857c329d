import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { routeModule } from '../api-module.ts';
import type { Principal } from '../auth/principal.ts';
import { jsonBody } from './json-body.ts';
import { problemMiddleware } from './problem-middleware.ts';
import { requestLogger } from './request-logger.ts';
import { defineRoute, jsonContent, pathId } from './route.ts';

const Echo = z.object({ seen: z.unknown() });

const widgetRoute = defineRoute({
  method: 'patch',
  path: '/widgets/{id}',
  role: 'agent',
  tags: ['Widgets'],
  summary: 'Change a widget',
  params: { id: pathId(z.string().regex(/^W-\d+$/), 'Widget') },
  query: z.strictObject({ dry: z.enum(['yes', 'no']).optional() }),
  headers: z.object({ 'x-count': z.string().regex(/^\d+$/).transform(Number).optional() }),
  ifMatch: { required: true, description: 'The ETag you read' },
  body: {
    schema: z.strictObject({ name: z.string().min(1) }),
    refusedMembers: { id: 'a widget id never changes' },
  },
  responses: { 200: { description: 'Changed', ...jsonContent(Echo) } },
  handle(input, { res }) {
    res.json({ seen: input });
  },
});

const pokes: string[] = [];
const optionalBodyRoute = defineRoute({
  method: 'post',
  path: '/widgets/{id}/poke',
  role: 'public',
  before: [
    (req, _res, next) => {
      pokes.push(req.path);
      next();
    },
  ],
  tags: ['Widgets'],
  summary: 'Poke a widget',
  params: { id: pathId(z.string(), 'Widget') },
  body: { schema: z.strictObject({ hard: z.boolean().default(false) }), required: false },
  responses: { 200: { description: 'Poked', ...jsonContent(Echo) } },
  handle({ body }, { res }) {
    res.json({ seen: body });
  },
});

const module = routeModule('widgets', [widgetRoute, optionalBodyRoute]);

function app(principal?: Principal) {
  const server = express();
  server.use(requestLogger(pino({ level: 'silent' })));
  server.use(jsonBody({ limitBytes: 1024 }));
  server.use((req, _res, next) => {
    if (principal) req.principal = principal;
    next();
  });
  server.use(module.router);
  server.use(problemMiddleware);
  return server;
}

const agent: Principal = {
  kind: 'api_key',
  id: 'k1',
  role: 'agent',
  actor: 'api_key:k1',
  actsAs: { kind: 'unbound_key', name: 'k1' },
};

function problemOf(response: request.Response) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(JSON.parse(response.text));
}

describe('a route definition derives the handler', () => {
  it('hands the handler every part parsed and typed', async () => {
    const response = await request(app(agent))
      .patch('/widgets/W-7?dry=yes')
      .set('If-Match', '"3"')
      .set('X-Count', '12')
      .send({ name: 'gear' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      seen: {
        params: { id: 'W-7' },
        query: { dry: 'yes' },
        headers: { 'x-count': 12 },
        body: { name: 'gear' },
        ifMatch: '"3"',
      },
    });
  });

  it('checks the role before it reads the input', async () => {
    const response = await request(app()).patch('/widgets/nonsense').send('{');
    expect(response.status).toBe(401);
  });

  it('answers a path segment its schema refuses with 404, never a lookup', async () => {
    const problem = problemOf(await request(app(agent)).patch('/widgets/..%2Fetc').send({}));
    expect(problem).toMatchObject({ status: 404, code: 'not_found' });
    expect(problem.detail).toBe('Widget ../etc does not exist (malformed id)');
  });

  it.each([
    ['an unknown query parameter', '/widgets/W-1?colour=red', {}, { name: 'x' }, '(root)'],
    ['a query value outside its enum', '/widgets/W-1?dry=maybe', {}, { name: 'x' }, 'dry'],
    ['a malformed header', '/widgets/W-1', { 'x-count': 'many' }, { name: 'x' }, 'x-count'],
    ['a body member of the wrong type', '/widgets/W-1', {}, { name: 7 }, 'name'],
    ['an unknown body member', '/widgets/W-1', {}, { name: 'x', size: 2 }, '(body)'],
    ['a refused body member', '/widgets/W-1', {}, { id: 'W-2' }, 'id'],
  ])('refuses %s with a 400 naming the field', async (_case, url, headers, body, field) => {
    const problem = problemOf(await request(app(agent)).patch(url).set(headers).send(body));
    expect(problem).toMatchObject({ status: 400, code: 'invalid' });
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });

  it('refuses a required body that is missing with a 400', async () => {
    const problem = problemOf(await request(app(agent)).patch('/widgets/W-1'));
    expect(problem).toMatchObject({ status: 400, code: 'invalid' });
    expect(problem.errors).toEqual([{ path: '(body)', message: 'a JSON body is required' }]);
  });

  it("validates a missing optional body as {}, after the route's own middleware", async () => {
    const response = await request(app()).post('/widgets/W-1/poke');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ seen: { hard: false } });
    expect(pokes).toContain('/widgets/W-1/poke');
  });

  it('refuses a body that is not JSON with a 415', async () => {
    const response = await request(app())
      .post('/widgets/W-1/poke')
      .set('Content-Type', 'text/plain')
      .send('hard');
    expect(problemOf(response)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('leaves a missing If-Match to the operation (428 there), not to the parser', async () => {
    const response = await request(app(agent)).patch('/widgets/W-1').send({ name: 'x' });
    expect(response.status).toBe(200);
    expect((response.body as { seen: { ifMatch?: string } }).seen.ifMatch).toBeUndefined();
  });
});

describe('a route definition derives the OpenAPI path', () => {
  const registry = new OpenAPIRegistry();
  module.registerOpenApi(registry);
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
  });
  const patch = document.paths?.['/widgets/{id}']?.patch;

  it('documents every part the handler parses, with the same schemas', () => {
    const parameters = (patch?.parameters ?? []) as {
      name: string;
      in: string;
      required?: boolean;
    }[];
    expect(parameters.map((p) => [p.in, p.name, p.required ?? false])).toEqual([
      ['path', 'id', true],
      ['query', 'dry', false],
      ['header', 'if-match', true],
      ['header', 'x-count', false],
    ]);
    expect(patch?.requestBody).toMatchObject({ required: true });
    expect(document.paths?.['/widgets/{id}/poke']?.post?.requestBody).toMatchObject({
      required: false,
    });
  });

  it('adds the problem response to every operation', () => {
    expect(Object.keys(patch?.responses ?? {})).toEqual(['200', 'default']);
  });

  it('documents a public route as needing no credential', () => {
    expect(document.paths?.['/widgets/{id}/poke']?.post?.security).toEqual([]);
    expect(patch?.security).toBeUndefined();
  });
});
