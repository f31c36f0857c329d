import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { AppError } from './errors/app-error.ts';
import { expressPath, type Route } from './http/route.ts';

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
  for (const [path, methods] of methodsByPath(routes)) router.all(path, methodNotAllowed(methods));
  if (options.onError) router.use(options.onError);
  return {
    name,
    router,
    registerOpenApi(registry) {
      for (const route of routes) route.registerOpenApi(registry);
    },
  };
}

/** The methods each declared path answers, by Express path; GET brings HEAD (Express answers it). */
function methodsByPath(routes: readonly Route[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const route of routes) {
    const methods = byPath.get(expressPath(route.path)) ?? [];
    methods.push(route.method.toUpperCase(), ...(route.method === 'get' ? ['HEAD'] : []));
    byPath.set(expressPath(route.path), methods);
  }
  return byPath;
}

/**
 * OpenAPI matches a concrete path before a templated one (3.1 §4.8.8.2), so `PATCH
 * /collab/tasks/next` is a method `/collab/tasks/next` lacks (405), not a task named `next`.
 * Mounted before every module, from the document's paths without parameters.
 */
export function literalPathMethods(paths: Record<string, object>): Router {
  const router = Router();
  for (const [path, operations] of Object.entries(paths)) {
    if (path.includes('{')) continue;
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    const refuse = methodNotAllowed(methods);
    router.all(path, (req, res, next) => {
      if (req.method === 'OPTIONS') res.set('Allow', methods.join(', ')).status(204).end();
      else if (methods.includes(req.method)) next();
      else refuse(req, res, next);
    });
  }
  return router;
}

/**
 * A method the path does not declare is a 405 naming the ones it does (RFC 9110 §15.5.6), not a
 * 404: the resource exists. OPTIONS is left to Express, which answers it with `Allow`.
 */
function methodNotAllowed(methods: string[]): RequestHandler {
  const allow = methods.join(', ');
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    res.set('Allow', allow);
    next(new AppError('method_not_allowed', `${req.method} is not allowed here; use ${allow}`));
  };
}
