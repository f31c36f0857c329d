import {
  ApiKeyCreatedResponse,
  ApiKeyId,
  ApiKeyListResponse,
  ApiKeySchema,
  CreateApiKeyRequest,
} from '@kyros/contracts/schemas/auth';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, linksTo, pathId, type Route } from '../../http/route.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { createApiKey } from '../operations/create-api-key.ts';
import { listApiKeys } from '../operations/list-api-keys.ts';
import { revokeApiKey } from '../operations/revoke-api-key.ts';
import { principalOf } from '../principal.ts';

const TAGS = ['Auth'];

/** API keys (admin): list them without their secrets, create one, revoke one. */
export function apiKeyRoutes(deps: AuthDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/auth/api-keys',
      role: 'admin',
      tags: TAGS,
      summary: 'List API keys, never their secrets (admin)',
      responses: { 200: { description: 'The keys', ...jsonContent(ApiKeyListResponse) } },
      async handle(_input, { res }) {
        res.json({ api_keys: await listApiKeys({ deps }) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/api-keys',
      role: 'admin',
      tags: TAGS,
      summary: 'Create an API key; the secret is in this answer only (admin)',
      body: { schema: CreateApiKeyRequest },
      responses: {
        201: {
          description: 'Created',
          ...jsonContent(ApiKeyCreatedResponse),
          ...linksTo([['delete', '/auth/api-keys/{id}', { id: '$response.body#/api_key/id' }]]),
        },
      },
      async handle({ body }, { req, res }) {
        const created = await createApiKey({
          deps,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res
          .status(201)
          .set('Cache-Control', 'no-store')
          .location(`/auth/api-keys/${created.api_key.id}`)
          .json(created);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/api-keys/{id}',
      role: 'admin',
      tags: TAGS,
      summary: 'Revoke an API key (admin)',
      params: { id: pathId(ApiKeyId, 'API key') },
      responses: { 200: { description: 'Revoked', ...jsonContent(ApiKeySchema) } },
      async handle({ params }, { req, res }) {
        res.json(
          await revokeApiKey({
            deps,
            id: params.id,
            principal: principalOf(req),
            requestId: requestIdOf(req),
          }),
        );
      },
    }),
  ];
}
