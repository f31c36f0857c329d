// Long file: one app, probed for every way the OpenAPI document and the routes could disagree.
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { GenerateLogRequest } from '@kyros/contracts/schemas/collab-events';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { createApp } from '../app.ts';
import type { Principal } from '../auth/principal.ts';
import { collabModule } from '../collab/collab-module.ts';
import { eventsModule } from '../collab/events/events-module.ts';
import { logsModule } from '../collab/logs/logs-module.ts';
import { jobsModule } from '../jobs/jobs-module.ts';
import { toolsModule } from '../tools/tools-module.ts';

/**
 * The OpenAPI document must describe exactly the query parameters and headers the routes take
 * (issue 15's fuzzing found promised inputs refused and refused ones promised). For every
 * documented query parameter and header, each probe value that the document allows must not be
 * refused by the route for that parameter, and each one it forbids must be a 400 naming it. The
 * modules get no dependencies: parsing happens before any handler runs.
 */

const none = {} as never;
const admin: Principal = {
  kind: 'user',
  id: '00000000-0000-4000-8000-000000000001',
  role: 'admin',
  actor: 'user:admin@kyros.local',
  actsAs: { kind: 'user', email: 'admin@kyros.local' },
};
const app = createApp({
  logger: pino({ level: 'silent' }),
  publicUrl: 'http://127.0.0.1:8000',
  readinessTimeoutMs: 1000,
  probes: none,
  authentication: [
    (req, _res, next) => {
      req.principal = admin;
      next();
    },
  ],
  modules: [
    eventsModule({ log: none, audit: none }),
    collabModule({ store: none, audit: none, taskRuns: none }),
    logsModule({ log: none, humanLog: none }),
    jobsModule(none),
    toolsModule({ prisma: none, audit: none }),
  ],
});

const UUID = '00000000-0000-4000-8000-000000000002';
/** A well-formed path segment for each family of paths; the rest take uuids. */
const PATH_VALUES: [prefix: string, value: string][] = [
  ['/collab/tasks/', 'T-1'],
  ['/collab/agents/', 'agent-1'],
  ['/collab/state/', 'tasks'],
  ['/collab/leases/', 'lease-1'],
  ['/tools/', 'docs%2Fformat'],
];

/**
 * Refused for what they mean, not for their shape: the document says what such a value looks
 * like, and only values outside that are checked to be refused.
 */
const MEANINGFUL: Record<string, string> = {
  'GET /jobs cursor': 'a cursor this API never issued is a 400',
};

const PROBES = [
  ...['', '*', '0', '1', '05', '12', '29.999', '30', '30.5', '31', '99', '100', '101', '999'],
  ...['1000', '1001', '5000', '1.5', '-1', 'abc', 'T-1', 'a,b', ',', 'a,,b', 'queued', '"1-ab"'],
  ...['task_claimed', 'task_claimed,lease_released', 'Not An Event', '2026-12-06T10:00:00Z'],
  ...[UUID, 'x'.repeat(201), Array.from({ length: 101 }, () => 'a').join(','), 'y'.repeat(4001)],
];

type JsonSchema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  schema: JsonSchema;
}
interface Document {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { required?: boolean } }>
  >;
  components: { schemas: Record<string, JsonSchema> };
}

describe('documented query parameters and headers agree with the routes', async () => {
  const document = (await request(app).get('/openapi.json')).body as Document;
  const accepts = (schema: JsonSchema, value: string): boolean =>
    schemaAccepts(document, schema, value);
  const cases = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'query' || p.in === 'header')
        .map((parameter) => ({ path, method, parameter })),
    ),
  );

  it('covers the parameters of the event reads, the jobs list and the conditional writes', () => {
    expect(cases.length).toBeGreaterThan(25);
  });

  it.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.path} ${c.parameter.name}`, c]))(
    '%s',
    async (name, { path, method, parameter }) => {
      const url = resolvePath(path);
      for (const value of PROBES) {
        let call = request(app)[method as 'get'](
          parameter.in === 'query' ? `${url}?${parameter.name}=${encodeURIComponent(value)}` : url,
        );
        if (parameter.in === 'header') call = call.set(parameter.name, value);
        const response = await call.timeout(5_000);
        const refused =
          response.status === 400 &&
          ProblemSchema.parse(JSON.parse(response.text)).errors?.some(
            (error) => error.path.split('.')[0] === parameter.name,
          ) === true;
        const documented = accepts(parameter.schema, value);
        if (documented && MEANINGFUL[name]) continue;
        expect({ value, refused }).toEqual({ value, refused: !documented });
      }
    },
  );
});

describe('documented request bodies agree with the routes', async () => {
  const document = (await request(app).get('/openapi.json')).body as Document;
  const cases = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      operation.requestBody
        ? [{ path, method, required: operation.requestBody.required === true }]
        : [],
    ),
  );

  it.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.path}`, c]))(
    '%s without a body is refused exactly when the body is documented as required',
    async (_name, { path, method, required }) => {
      const response = await request(app)[method as 'post'](resolvePath(path)).timeout(5_000);
      const refused =
        response.status === 400 &&
        ProblemSchema.parse(JSON.parse(response.text)).errors?.some(
          (error) => error.path === '(body)',
        ) === true;
      expect(refused).toBe(required);
    },
  );
});

describe('documented integer bounds agree with the schemas', () => {
  it('states the largest event id a log filter takes, which zod int() enforces', async () => {
    const document = (await request(app).get('/openapi.json')).body as {
      components: { schemas: Record<string, { properties: Record<string, JsonSchema> }> };
    };
    const filter = document.components.schemas.GenerateLogRequest?.properties.filter as {
      properties: Record<string, { anyOf: JsonSchema[] }>;
    };
    for (const bound of ['since', 'until']) {
      expect(filter.properties[bound]?.anyOf[0]).toMatchObject({
        maximum: Number.MAX_SAFE_INTEGER,
      });
      const within = { filter: { [bound]: Number.MAX_SAFE_INTEGER } };
      const beyond = { filter: { [bound]: 2 ** 53 } };
      expect(GenerateLogRequest.safeParse(within).success).toBe(true);
      expect(GenerateLogRequest.safeParse(beyond).success).toBe(false);
    }
  });
});

describe('the document and the router agree on what exists (issue 15, fuzzing)', () => {
  it('states every nullable $ref so that null passes (anyOf, never allOf or oneOf)', async () => {
    const text = JSON.stringify((await request(app).get('/openapi.json')).body);
    const nullPair = /"(allOf|oneOf)":\[\{"\$ref":"[^"]+"\},\{"type":(\[[^\]]*)?"null"/;
    expect(text).not.toMatch(nullPair);
  });

  it('answers a method a literal path lacks with 405, not as a template match (PATCH /collab/tasks/next)', async () => {
    const patch = await request(app).patch('/collab/tasks/next').send({ title: 'x' });
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe('GET, HEAD');
    const options = await request(app).options('/collab/tasks/next');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD');
  });

  it('links each created resource to the operations that take its id', async () => {
    const document = (await request(app).get('/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { links?: object }> }>>;
    };
    const links = document.paths['/collab/tasks']?.post?.responses['201']?.links ?? {};
    expect(Object.values(links)).toContainEqual({
      operationRef: '#/paths/~1collab~1tasks~1{id}/patch',
      parameters: { id: '$response.body#/id' },
    });
  });
});

function resolvePath(path: string): string {
  const known = PATH_VALUES.find(([prefix]) => path.startsWith(prefix));
  return path.replace(/\{[^}]+\}/g, known?.[1] ?? UUID);
}

/** The JSON Schema keywords zod-to-openapi emits for string parameters, checked for one value. */
function schemaAccepts(document: Document, schema: JsonSchema, value: string): boolean {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = document.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`unresolved ${ref}`);
    return schemaAccepts(document, target, value);
  }
  const anyOf = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(anyOf)) {
    return (anyOf as JsonSchema[]).some((each) => schemaAccepts(document, each, value));
  }
  for (const key of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(key)) throw new Error(`the probe does not know the keyword ${key}`);
  }
  if (schema.type === 'array') {
    // One occurrence of a repeatable query parameter is a list of one value.
    if (typeof schema.minItems === 'number' && schema.minItems > 1) return false;
    return schemaAccepts(document, schema.items as JsonSchema, value);
  }
  const length = [...value].length;
  if (schema.type !== 'string') return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) return false;
  if (schema.format === 'uuid' && !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value)) {
    return false;
  }
  if (schema.format === 'date-time' && !RFC_3339.test(value)) return false;
  return true;
}

const KNOWN_KEYWORDS = new Set([
  'type',
  'enum',
  'pattern',
  'maxLength',
  'minLength',
  'format',
  'items',
  'minItems',
  'maxItems',
  'default',
  'description',
  'id',
]);
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
