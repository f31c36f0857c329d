import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  ApiKeyCreatedResponse,
  ApiKeyId,
  ApiKeyListResponse,
  ApiKeySchema,
  CreateApiKeyRequest,
  CreateUserRequest,
  LoginRequest,
  LogoutRequest,
  MeResponse,
  PatchUserRequest,
  RefreshRequest,
  TokenResponse,
  UserId,
  UserListResponse,
  UserSchema,
} from '@kyros/contracts/schemas/auth';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import type { ApiModule } from '../api-module.ts';
import { problemResponse } from '../openapi/problem-response.ts';
import { parseIdParam, parseJsonBody } from '../collab/http/request-input.ts';
import { actsAsLabel } from './acting-identity.ts';
import type { AuthDeps } from './auth-deps.ts';
import { createApiKey } from './operations/create-api-key.ts';
import { createUser } from './operations/create-user.ts';
import { listApiKeys } from './operations/list-api-keys.ts';
import { listUsers } from './operations/list-users.ts';
import { login } from './operations/login.ts';
import { logout } from './operations/logout.ts';
import { readUser } from './operations/read-user.ts';
import { revokeApiKey } from './operations/revoke-api-key.ts';
import { rotateRefreshToken } from './operations/rotate-refresh-token.ts';
import { updateUser } from './operations/update-user.ts';
import { principalOf, requireRole } from './principal.ts';

export interface AuthModuleDeps {
  auth: AuthDeps;
  /** Per-IP limiter for login and refresh. */
  credentialLimiter: RequestHandler;
}

/** Sessions (`/auth/*`), API keys (`/auth/api-keys`) and user management (`/users`). */
export function authModule(deps: AuthModuleDeps): ApiModule {
  const { auth } = deps;
  const router = Router();
  const admin = requireRole('admin');

  router.post('/auth/login', deps.credentialLimiter, async (req, res) => {
    const { email, password } = parseJsonBody(LoginRequest, req);
    const session = await login({ deps: auth, email, password, userAgent: req.get('user-agent') });
    res.set('Cache-Control', 'no-store').json(session);
  });

  router.post('/auth/refresh', deps.credentialLimiter, async (req, res) => {
    const { refresh_token } = parseJsonBody(RefreshRequest, req);
    const session = await rotateRefreshToken({
      deps: auth,
      refreshToken: refresh_token,
      userAgent: req.get('user-agent'),
    });
    res.set('Cache-Control', 'no-store').json(session);
  });

  router.post('/auth/logout', deps.credentialLimiter, async (req, res) => {
    const { refresh_token } = parseJsonBody(LogoutRequest, req);
    await logout({ deps: auth, refreshToken: refresh_token });
    res.status(204).end();
  });

  router.get('/auth/me', requireRole('viewer'), async (req, res) => {
    const principal = principalOf(req);
    const user =
      principal.kind === 'user' ? await readUser({ deps: auth, id: principal.id }) : undefined;
    res.json(
      MeResponse.parse({
        kind: principal.kind,
        id: principal.id,
        role: principal.role,
        actor: principal.actor,
        acts_as: actsAsLabel(principal),
        ...(user ? { user } : {}),
      }),
    );
  });

  router.get('/auth/api-keys', admin, async (_req, res) => {
    res.json({ api_keys: await listApiKeys({ deps: auth }) });
  });

  router.post('/auth/api-keys', admin, async (req, res) => {
    const request = parseJsonBody(CreateApiKeyRequest, req);
    const created = await createApiKey({ deps: auth, request, principal: principalOf(req) });
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .location(`/auth/api-keys/${created.api_key.id}`)
      .json(created);
  });

  router.delete('/auth/api-keys/:id', admin, async (req, res) => {
    const id = parseIdParam(ApiKeyId, req.params.id, 'API key');
    res.json(await revokeApiKey({ deps: auth, id, principal: principalOf(req) }));
  });

  router.get('/users', admin, async (_req, res) => {
    res.json({ users: await listUsers({ deps: auth }) });
  });

  router.post('/users', admin, async (req, res) => {
    const request = parseJsonBody(CreateUserRequest, req);
    const user = await createUser({ deps: auth, request, principal: principalOf(req) });
    res.status(201).location(`/users/${user.id}`).json(user);
  });

  router.get('/users/:id', admin, async (req, res) => {
    const id = parseIdParam(UserId, req.params.id, 'User');
    res.json(await readUser({ deps: auth, id }));
  });

  router.patch('/users/:id', admin, async (req, res) => {
    const id = parseIdParam(UserId, req.params.id, 'User');
    const patch = parseJsonBody(PatchUserRequest, req);
    res.json(await updateUser({ deps: auth, id, patch, principal: principalOf(req) }));
  });

  return { name: 'auth', router, registerOpenApi: registerAuthOpenApi };
}

function jsonContent(schema: z.ZodType) {
  return { content: { 'application/json': { schema } } };
}

const rateLimited = {
  429: {
    description:
      'Too many attempts from this client: problem+json with RateLimit-* and Retry-After headers',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
};

function registerAuthOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['Auth'];
  registry.registerPath({
    method: 'post',
    path: '/auth/login',
    tags,
    summary: 'Sign in with email and password',
    description:
      'Answers a short-lived access token (JWT) and a refresh token. Rate limited per client IP.',
    security: [],
    request: { body: { required: true, ...jsonContent(LoginRequest) } },
    responses: {
      200: { description: 'Signed in', ...jsonContent(TokenResponse) },
      ...rateLimited,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/auth/refresh',
    tags,
    summary: 'Trade a refresh token for a new access token and a new refresh token',
    description:
      'Each refresh token works once. Presenting one that was already rotated revokes its whole session (every token of its family): 401, sign in again.',
    security: [],
    request: { body: { required: true, ...jsonContent(RefreshRequest) } },
    responses: {
      200: { description: 'Rotated', ...jsonContent(TokenResponse) },
      ...rateLimited,
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/auth/logout',
    tags,
    summary: "End the refresh token's session (its whole family)",
    security: [],
    request: { body: { required: true, ...jsonContent(LogoutRequest) } },
    responses: { 204: { description: 'Signed out' }, ...problemResponse },
  });
  registry.registerPath({
    method: 'get',
    path: '/auth/me',
    tags,
    summary: 'Who the credential belongs to (viewer and up)',
    responses: { 200: { description: 'The principal', ...jsonContent(MeResponse) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/auth/api-keys',
    tags,
    summary: 'List API keys, never their secrets (admin)',
    responses: { 200: { description: 'The keys', ...jsonContent(ApiKeyListResponse) } },
  });
  registry.registerPath({
    method: 'post',
    path: '/auth/api-keys',
    tags,
    summary: 'Create an API key; the secret is in this answer only (admin)',
    request: { body: { required: true, ...jsonContent(CreateApiKeyRequest) } },
    responses: {
      201: { description: 'Created', ...jsonContent(ApiKeyCreatedResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/auth/api-keys/{id}',
    tags,
    summary: 'Revoke an API key (admin)',
    request: { params: z.object({ id: ApiKeyId }) },
    responses: {
      200: { description: 'Revoked', ...jsonContent(ApiKeySchema) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/users',
    tags: ['Users'],
    summary: 'List users (admin)',
    responses: { 200: { description: 'The users', ...jsonContent(UserListResponse) } },
  });
  registry.registerPath({
    method: 'post',
    path: '/users',
    tags: ['Users'],
    summary: 'Create a user (admin)',
    request: { body: { required: true, ...jsonContent(CreateUserRequest) } },
    responses: {
      201: { description: 'Created', ...jsonContent(UserSchema) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/users/{id}',
    tags: ['Users'],
    summary: 'One user (admin)',
    request: { params: z.object({ id: UserId }) },
    responses: { 200: { description: 'The user', ...jsonContent(UserSchema) }, ...problemResponse },
  });
  registry.registerPath({
    method: 'patch',
    path: '/users/{id}',
    tags: ['Users'],
    summary: 'Change a user’s role, name, password or disabled flag (admin)',
    description:
      'Disabling, changing the role or the password ends the user’s sessions: their refresh tokens are revoked and their access tokens stop working (at once on the replica that made the change, at expiry on the others).',
    request: {
      params: z.object({ id: UserId }),
      body: { required: true, ...jsonContent(PatchUserRequest) },
    },
    responses: {
      200: { description: 'Saved', ...jsonContent(UserSchema) },
      ...problemResponse,
    },
  });
}
