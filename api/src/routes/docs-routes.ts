import type { RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { routeModule, type ApiModule } from '../api-module.ts';
import { defineRoute, jsonContent } from '../http/route.ts';
import type { OpenApiDocument } from '../openapi/openapi-document.ts';

/**
 * `GET /openapi.json` and a rendered reference at `/docs` (assets served locally, no CDN). The
 * document describes this module too, so it takes the document lazily.
 */
export function docsModule(document: () => OpenApiDocument): ApiModule {
  const module = routeModule('docs', [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      role: 'public',
      tags: ['Operations'],
      summary: 'This OpenAPI 3.1 document',
      description:
        'Generated from the same route definitions and zod schemas the API validates with.',
      responses: {
        200: {
          description: 'The document',
          ...jsonContent(z.record(z.string(), z.unknown())),
        },
      },
      handle(_input, { res }) {
        res.json(document());
      },
    }),
  ]);
  // The reference is a web page with its assets, not an operation of the API.
  let page: RequestHandler | undefined;
  const reference: RequestHandler = (req, res, next) => {
    page ??= swaggerUi.setup(document(), { customSiteTitle: 'Kyros API reference' });
    page(req, res, next);
  };
  module.router.use('/docs', swaggerUi.serve, reference);
  return module;
}
