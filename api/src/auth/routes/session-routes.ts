import {
  LoginRequest,
  LogoutRequest,
  MeResponse,
  RefreshRequest,
  TokenResponse,
} from '@kyros/contracts/schemas/auth';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { defineRoute, jsonContent, type Route } from '../../http/route.ts';
import { actsAsLabel } from '../acting-identity.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { login } from '../operations/login.ts';
import { logout } from '../operations/logout.ts';
import { readUser } from '../operations/read-user.ts';
import { rotateRefreshToken } from '../operations/rotate-refresh-token.ts';
import { principalOf } from '../principal.ts';

const TAGS = ['Auth'];

/** Login, refresh and logout are limited per client IP (`auth-module.ts` mounts the limiter). */
export const CREDENTIAL_LIMITED_PATHS = ['/auth/login', '/auth/refresh', '/auth/logout'];

const rateLimited = {
  429: {
    description:
      'Too many attempts from this client: problem+json with RateLimit-* and Retry-After headers',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
};

/** Sessions: sign in, rotate the refresh token, sign out, and who the credential is. */
export function sessionRoutes(deps: AuthDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      role: 'public',
      tags: TAGS,
      summary: 'Sign in with email and password',
      description:
        'Answers a short-lived access token (JWT) and a refresh token. Rate limited per client IP.',
      body: { schema: LoginRequest },
      responses: {
        200: { description: 'Signed in', ...jsonContent(TokenResponse) },
        ...rateLimited,
      },
      async handle({ body: { email, password } }, { req, res }) {
        const session = await login({ deps, email, password, userAgent: req.get('user-agent') });
        res.set('Cache-Control', 'no-store').json(session);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      role: 'public',
      tags: TAGS,
      summary: 'Trade a refresh token for a new access token and a new refresh token',
      description:
        'Each refresh token works once. Presenting one that was already rotated revokes its whole session (every token of its family): 401, sign in again.',
      body: { schema: RefreshRequest },
      responses: { 200: { description: 'Rotated', ...jsonContent(TokenResponse) }, ...rateLimited },
      async handle({ body }, { req, res }) {
        const session = await rotateRefreshToken({
          deps,
          refreshToken: body.refresh_token,
          userAgent: req.get('user-agent'),
        });
        res.set('Cache-Control', 'no-store').json(session);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      role: 'public',
      tags: TAGS,
      summary: "End the refresh token's session (its whole family)",
      body: { schema: LogoutRequest },
      responses: { 204: { description: 'Signed out' }, ...rateLimited },
      async handle({ body }, { res }) {
        await logout({ deps, refreshToken: body.refresh_token });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      role: 'viewer',
      tags: TAGS,
      summary: 'Who the credential belongs to (viewer and up)',
      responses: { 200: { description: 'The principal', ...jsonContent(MeResponse) } },
      async handle(_input, { req, res }) {
        const principal = principalOf(req);
        const user =
          principal.kind === 'user' ? await readUser({ deps, id: principal.id }) : undefined;
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
      },
    }),
  ];
}
