import { Router, type RequestHandler } from 'express';
import { routeModule, type ApiModule } from '../api-module.ts';
import type { AuthDeps } from './auth-deps.ts';
import { apiKeyRoutes } from './routes/api-key-routes.ts';
import { CREDENTIAL_LIMITED_PATHS, sessionRoutes } from './routes/session-routes.ts';
import { userRoutes } from './routes/user-routes.ts';

export interface AuthModuleDeps {
  auth: AuthDeps;
  /** Per-IP limiter for login, refresh and logout. */
  credentialLimiter: RequestHandler;
}

/** Sessions (`/auth/*`), API keys (`/auth/api-keys`) and user management (`/users`). */
export function authModule(deps: AuthModuleDeps): ApiModule {
  const { auth } = deps;
  const routes = routeModule('auth', [
    ...sessionRoutes(auth),
    ...apiKeyRoutes(auth),
    ...userRoutes(auth),
  ]);
  // The limiter runs before the route, so a client over its limit is refused before any parsing.
  const router = Router();
  router.post(CREDENTIAL_LIMITED_PATHS, deps.credentialLimiter);
  router.use(routes.router);
  return { ...routes, router };
}
