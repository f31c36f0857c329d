import type {
  OpenAPIRegistry,
  ResponseConfig,
  RouteConfig,
  ZodContentObject,
} from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { requireRole, type Role } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import { problemResponse } from '../openapi/problem-response.ts';
import { malformedIdMessage, parseJsonBody, parseRequestPart } from './request-input.ts';

/**
 * How a route is declared (docs/ARCHITECTURE.md, "How a route is declared"): one definition
 * states the method, the path, the role, the words of the documentation, the zod schemas of every
 * part of the request and the responses. Both the Express handler — which receives the parsed,
 * typed input — and the OpenAPI path are derived from it, so the document cannot promise an
 * input the route refuses, nor the route take one the document does not describe.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A path segment; one that does not match its schema names nothing, so it is a 404. */
export interface PathParam<T = unknown> {
  schema: z.ZodType<T>;
  /** The 404's detail for a value the schema refuses. */
  malformed(value: string): string;
}

/** An id segment: a malformed one is "<noun> <value> does not exist (malformed id)". */
export function pathId<T>(schema: z.ZodType<T>, noun: string): PathParam<T> {
  return { schema, malformed: (value) => malformedIdMessage(noun, value) };
}

export interface BodySpec<S extends z.ZodType> {
  schema: S;
  /** A required body that is absent is a 400; an optional one validates as `{}`. Default true. */
  required?: boolean;
  /** The media types the document lists; any JSON type (`application/*+json`) is accepted. */
  mediaTypes?: readonly string[];
  /** Members the body may not carry, with the reason given in the 400 (checked before the schema). */
  refusedMembers?: Readonly<Record<string, string>>;
}

/**
 * `If-Match`: a precondition, not an input shape, so it is never a 400. The operation answers a
 * missing one with 428 (when required) and a stale one with 412, after it found the resource.
 */
export interface IfMatchSpec {
  required: boolean;
  description?: string;
}

type ParamsSpec = Record<string, PathParam>;
type AnyObject = z.ZodObject;
type ParamsOf<P extends ParamsSpec> = {
  [K in keyof P]: P[K] extends PathParam<infer T> ? T : never;
};

/** What a handler receives: every declared part, parsed; undeclared parts are empty. */
export interface RouteInput<P extends ParamsSpec, Q extends AnyObject, H extends AnyObject, B> {
  params: ParamsOf<P>;
  query: z.output<Q>;
  headers: z.output<H>;
  body: B;
  ifMatch: string | undefined;
}

export interface RouteDefinition<
  P extends ParamsSpec = Record<never, PathParam>,
  Q extends AnyObject = z.ZodObject<Record<never, z.ZodType>>,
  H extends AnyObject = z.ZodObject<Record<never, z.ZodType>>,
  B extends z.ZodType = z.ZodUndefined,
> {
  method: Method;
  /** OpenAPI syntax: `/collab/tasks/{id}`. */
  path: string;
  /**
   * The weakest role that may call it (admin > operator > agent > viewer), or public (documented
   * with no security requirement).
   */
  role: Role | 'public';
  /** Middleware that runs after the role check and before parsing, e.g. a rate limiter. */
  before?: RequestHandler[];
  tags: string[];
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  headers?: H;
  ifMatch?: IfMatchSpec;
  body?: BodySpec<B>;
  /** Documented answers; the `default` problem response is added to every route. */
  responses: Record<number, ResponseConfig>;
  /** Thin: call one operation with the parsed input, then shape the answer on `res`. */
  handle(
    input: RouteInput<P, Q, H, z.output<B>>,
    http: { req: Request; res: Response },
  ): void | Promise<void>;
}

/** A declared route, ready to be mounted and documented. */
export interface Route {
  method: Method;
  path: string;
  mount(router: Router): void;
  registerOpenApi(registry: OpenAPIRegistry): void;
}

export function defineRoute<
  P extends ParamsSpec = Record<never, PathParam>,
  Q extends AnyObject = z.ZodObject<Record<never, z.ZodType>>,
  H extends AnyObject = z.ZodObject<Record<never, z.ZodType>>,
  B extends z.ZodType = z.ZodUndefined,
>(definition: RouteDefinition<P, Q, H, B>): Route {
  return {
    method: definition.method,
    path: definition.path,
    mount: (router) => mountRoute(router, definition),
    registerOpenApi: (registry) => registerRoute(registry, definition),
  };
}

/** `/collab/tasks/{id}` → `/collab/tasks/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** `{ description, content: application/json }` for a response or a body. */
export function jsonContent(schema: z.ZodType) {
  return { content: { 'application/json': { schema } } };
}

/** A link target: the operation, and its parameters as runtime expressions (`$response.body#/id`). */
export type LinkTarget = [method: Method, path: string, parameters: Record<string, string>];

/**
 * OpenAPI links (3.1 §4.8.20) from a response to the operations that take what it returns, e.g.
 * a created task's id to `GET /collab/tasks/{id}`: clients and the fuzzer's stateful phase
 * follow them (docs/TESTING.md, "Contract fuzzing").
 */
export function linksTo(targets: readonly LinkTarget[]) {
  const links: Record<string, { operationRef: string; parameters: Record<string, string> }> = {};
  for (const [method, path, parameters] of targets) {
    const pointer = path.replaceAll('~', '~0').replaceAll('/', '~1');
    const name = `${method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`;
    links[name] = { operationRef: `#/paths/${pointer}/${method}`, parameters };
  }
  return { links };
}

/** linksTo for the operations of one path that take the created resource's `id`. */
export function linksToId(path: string, methods: readonly Method[]) {
  return linksTo(methods.map((method) => [method, path, { id: '$response.body#/id' }]));
}

export const notModified = { 304: { description: 'Not modified: your ETag is current' } } as const;

function mountRoute<
  P extends ParamsSpec,
  Q extends AnyObject,
  H extends AnyObject,
  B extends z.ZodType,
>(router: Router, definition: RouteDefinition<P, Q, H, B>): void {
  const handler: RequestHandler = async (req, res) => {
    await definition.handle(parseInput(definition, req), { req, res });
  };
  const guards = definition.role === 'public' ? [] : [requireRole(definition.role)];
  router[definition.method](
    expressPath(definition.path),
    ...guards,
    ...(definition.before ?? []),
    handler,
  );
}

/** Parses in the order a client would fix them: the path, the query, the headers, the body. */
function parseInput<
  P extends ParamsSpec,
  Q extends AnyObject,
  H extends AnyObject,
  B extends z.ZodType,
>(definition: RouteDefinition<P, Q, H, B>, req: Request): RouteInput<P, Q, H, z.output<B>> {
  const params: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(definition.params ?? {})) {
    const raw = req.params[name];
    const parsed = param.schema.safeParse(raw);
    if (!parsed.success) throw new AppError('not_found', param.malformed(String(raw)));
    params[name] = parsed.data;
  }
  const query = definition.query ? parseRequestPart(definition.query, req.query, 'query') : {};
  const headers = definition.headers
    ? parseRequestPart(definition.headers, req.headers, 'headers')
    : {};
  const spec = definition.body;
  if (spec?.refusedMembers) refuseMembers(req.body, spec.refusedMembers);
  const body = spec
    ? parseJsonBody(spec.schema, req, { required: spec.required ?? true })
    : undefined;
  return {
    params: params as ParamsOf<P>,
    query: query as z.output<Q>,
    headers: headers as z.output<H>,
    body: body as z.output<B>,
    ifMatch: req.get('if-match'),
  };
}

function refuseMembers(body: unknown, refused: Readonly<Record<string, string>>): void {
  if (typeof body !== 'object' || body === null) return;
  const present = Object.keys(body).filter((key) => Object.hasOwn(refused, key));
  if (present.length === 0) return;
  const errors = present.map((key) => ({ path: key, message: refused[key] ?? 'not allowed' }));
  throw new AppError('invalid', errors.map((e) => e.message).join('; '), { errors });
}

function registerRoute<
  P extends ParamsSpec,
  Q extends AnyObject,
  H extends AnyObject,
  B extends z.ZodType,
>(registry: OpenAPIRegistry, definition: RouteDefinition<P, Q, H, B>): void {
  const { params, query, body } = definition;
  const headers = documentedHeaders(definition);
  const request: NonNullable<RouteConfig['request']> = {};
  if (params) {
    request.params = z.object(
      Object.fromEntries(Object.entries(params).map(([name, param]) => [name, param.schema])),
    );
  }
  if (query) request.query = query;
  if (headers) request.headers = headers;
  if (body) {
    const content: ZodContentObject = {};
    for (const type of body.mediaTypes ?? ['application/json']) {
      content[type] = { schema: body.schema };
    }
    request.body = { required: body.required ?? true, content };
  }
  registry.registerPath({
    method: definition.method,
    path: definition.path,
    tags: definition.tags,
    summary: definition.summary,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    ...(definition.role === 'public' ? { security: [] } : {}),
    ...(Object.keys(request).length > 0 ? { request } : {}),
    responses: { ...definition.responses, ...problemResponse },
  });
}

/** The declared headers, with If-Match first when the route takes it. */
function documentedHeaders(definition: {
  headers?: AnyObject;
  ifMatch?: IfMatchSpec;
}): AnyObject | undefined {
  const { headers, ifMatch } = definition;
  if (!ifMatch) return headers;
  const described = ifMatch.description
    ? z.string().meta({ description: ifMatch.description })
    : z.string();
  const ifMatchHeader = ifMatch.required ? described : described.optional();
  return z.object({ 'if-match': ifMatchHeader, ...(headers?.shape ?? {}) });
}
