import type { RequestHandler } from 'express';
import { routeModule, type ApiModule } from '../api-module.ts';
import type { AuthDeps } from './auth-deps.ts';
import { apiKeyRoutes } from './routes/api-key-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { userRoutes } from './routes/user-routes.ts';

export interface AuthModuleDeps {
  auth: AuthDeps;
  /** Per-IP limiter for login, refresh and logout. */
  credentialLimiter: RequestHandler;
}

/** Sessions (`/auth/*`), API keys (`/auth/api-keys`) and user management (`/users`). */
export function authModule(deps: AuthModuleDeps): ApiModule {
  const { auth } = deps;
  return routeModule('auth', [
    ...sessionRoutes(auth, deps.credentialLimiter),
    ...apiKeyRoutes(auth),
    ...userRoutes(auth),
  ]);
}
