import type { ApiModule } from '../api-module.ts';
import { registerToolOpenApi, toolRoutes, type ToolRoutesDeps } from './routes/tool-routes.ts';

/** The `tools` table through the API: list, enable, disable and configure (docs/TOOLS.md). */
export function toolsModule(deps: ToolRoutesDeps): ApiModule {
  return { name: 'tools', router: toolRoutes(deps), registerOpenApi: registerToolOpenApi };
}
