import { routeModule, type ApiModule } from '../api-module.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { etagOnPreconditionFailure } from './http/etag-response.ts';
import { agentRoutes } from './routes/agent-routes.ts';
import { dispatchRoutes } from './routes/dispatch-routes.ts';
import { leaseRoutes } from './routes/lease-routes.ts';
import { stateRoutes } from './routes/state-routes.ts';
import { taskRoutes } from './routes/task-routes.ts';
import type { TaskRunDeps } from './operations/task-run-deps.ts';
import { taskRunRoutes } from './routes/task-run-routes.ts';
import type { CollabStore } from './store/open-collab-store.ts';

export interface CollabModuleDeps {
  store: CollabStore;
  /** Records the writes an admin makes for someone else (`acting_for`). */
  audit: AuditLog;
  /** Without it (tests of the store alone) the run/cancel routes are not mounted. */
  taskRuns?: TaskRunDeps;
}

/**
 * The collaboration store's HTTP contract: state, tasks, leases and agents. Reads need the viewer
 * role, writes the agent role (docs/AUTH.md).
 */
export function collabModule(deps: CollabModuleDeps): ApiModule {
  return routeModule(
    'collab',
    [
      ...stateRoutes(deps.store),
      // Before the task routes: `/collab/tasks/next` is not a task id.
      ...dispatchRoutes(deps.store),
      ...taskRoutes(deps.store, deps.audit),
      ...(deps.taskRuns ? taskRunRoutes(deps.store, deps.taskRuns) : []),
      ...leaseRoutes(deps.store, deps.audit),
      ...agentRoutes(deps.store, deps.audit),
    ],
    { onError: etagOnPreconditionFailure },
  );
}
