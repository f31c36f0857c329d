import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type ErrorRequestHandler } from 'express';
import type { Route } from './http/route.ts';

/**
 * One capability of the API: its routes and their OpenAPI description, kept side by side so a
 * route can never ship undocumented. `createApp` mounts modules in order.
 */
export interface ApiModule {
  name: string;
  router: Router;
  registerOpenApi(registry: OpenAPIRegistry): void;
}

/**
 * The module of a list of route definitions (`http/route.ts`): each is mounted and documented
 * from the same definition, in order. `onError` sees the errors of these routes only, before the
 * problem middleware renders them.
 */
export function routeModule(
  name: string,
  routes: readonly Route[],
  options: { onError?: ErrorRequestHandler } = {},
): ApiModule {
  const router = Router();
  for (const route of routes) route.mount(router);
  if (options.onError) router.use(options.onError);
  return {
    name,
    router,
    registerOpenApi(registry) {
      for (const route of routes) route.registerOpenApi(registry);
    },
  };
}
