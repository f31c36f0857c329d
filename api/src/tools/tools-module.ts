import { routeModule, type ApiModule } from '../api-module.ts';
import { toolRoutes, type ToolRoutesDeps } from './routes/tool-routes.ts';

/** The `tools` table through the API: list, enable, disable and configure (docs/TOOLS.md). */
export function toolsModule(deps: ToolRoutesDeps): ApiModule {
  return routeModule('tools', toolRoutes(deps));
}
