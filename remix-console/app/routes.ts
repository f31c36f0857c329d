import { flatRoutes } from '@remix-run/fs-routes';
import type { RouteConfig } from '@remix-run/route-config';

// Route config (v3_routeConfig) is React Router 7's app/routes.ts: only the imports change on migration.
// Tests sit next to their route modules and are not routes.
export default flatRoutes({ ignoredRouteFiles: ['**/*.test.{ts,tsx}'] }) satisfies RouteConfig;
