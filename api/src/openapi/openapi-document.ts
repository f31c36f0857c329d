import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ApiModule } from '../api-module.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl: string, modules: ApiModule[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  for (const module of modules) module.registerOpenApi(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kyros API',
      version: '0.1.0',
      description:
        'The control room for teams that run several AI coding agents on one codebase. Errors are RFC 9457 `application/problem+json` (schema `Problem`).',
    },
    servers: [{ url: serverUrl }],
  });
}
