import { routeModule, type ApiModule } from '../api-module.ts';
import { terminalRoutes } from './routes/terminal-routes.ts';
import type { TerminalDeps } from './terminal-deps.ts';

export type { TerminalDeps } from './terminal-deps.ts';

/** The API's half of the terminal: tickets (the daemon is `terminal-daemon/`). */
export function terminalModule(deps: TerminalDeps): ApiModule {
  return routeModule('terminal', terminalRoutes(deps));
}
