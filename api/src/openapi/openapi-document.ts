import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ApiModule } from '../api-module.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl: string, modules: ApiModule[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  for (const module of modules) module.registerOpenApi(registry);
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kyros API',
      version: '0.1.0',
      description:
        'The control room for teams that run several AI coding agents on one codebase. Errors are RFC 9457 `application/problem+json` (schema `Problem`).',
    },
    servers: [{ url: serverUrl }],
  });
  return nullableRefsAsAnyOf(document);
}

/**
 * zod-to-openapi renders `Ref.nullable()` as `allOf: [Ref, {type: [..., 'null']}]`, which no null
 * satisfies (it must match Ref too); the document says `anyOf: [Ref, {type: 'null'}]` instead.
 */
export function nullableRefsAsAnyOf<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => nullableRefsAsAnyOf(item)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  // `oneOf: [Ref, null]` likewise fails a null when Ref itself allows null.
  for (const key of ['allOf', 'oneOf'] as const) {
    const pair = record[key];
    if (Array.isArray(pair) && pair.length === 2 && isRef(pair[0]) && allowsNull(pair[1])) {
      const { [key]: _, ...rest } = record;
      return { ...rest, anyOf: [pair[0], { type: 'null' }] } as T;
    }
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, nullableRefsAsAnyOf(value)]),
  ) as T;
}

function isRef(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

function allowsNull(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  const nullType = type === 'null' || (Array.isArray(type) && type.includes('null'));
  return nullType && Object.keys(value).length === 1;
}
