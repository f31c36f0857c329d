import { flatRoutes } from '@remix-run/fs-routes';
import type { RouteConfig } from '@remix-run/route-config';

// Route config (v3_routeConfig) is React Router 7's app/routes.ts: only the imports change on migration.
export default flatRoutes() satisfies RouteConfig;
