import type { OpenApiDocument } from '../openapi/openapi-document.ts';
import { isPublicPath } from './authenticate.ts';

const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT or API key',
    description: 'An access token from POST /auth/login or /auth/refresh, or an API key (`kyr_…`).',
  },
  apiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description: 'An API key (`kyr_…`) from POST /auth/api-keys.',
  },
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * Declares the security schemes and marks every operation outside the public paths as needing
 * one of them, with its 401, 403 and 429 answers — so a module's routes are documented as
 * protected without each module repeating it.
 */
export function withSecurity(document: OpenApiDocument): OpenApiDocument {
  const components = (document.components ??= {});
  components.securitySchemes = { ...components.securitySchemes, ...SECURITY_SCHEMES };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      // `security: []` is a route declared public (a signed webhook): its credential is not ours.
      if (!operation || isPublicPath(path) || operation.security?.length === 0) continue;
      operation.security = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
      operation.responses = {
        401: problem('No credential, or an invalid, expired or revoked one (WWW-Authenticate)'),
        403: problem('The credential’s role is too weak for this route'),
        429: problem('Rate limited for this principal (RateLimit-* and Retry-After headers)'),
        ...operation.responses,
      };
    }
  }
  return document;
}
