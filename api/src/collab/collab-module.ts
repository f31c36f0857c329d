import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { ApiModule } from '../api-module.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { collabRoles } from '../auth/principal.ts';
import { etagOnPreconditionFailure } from './http/etag-response.ts';
import { agentRoutes, registerAgentOpenApi } from './routes/agent-routes.ts';
import { dispatchRoutes, registerDispatchOpenApi } from './routes/dispatch-routes.ts';
import { leaseRoutes, registerLeaseOpenApi } from './routes/lease-routes.ts';
import { registerStateOpenApi, stateRoutes } from './routes/state-routes.ts';
import { registerTaskOpenApi, taskRoutes } from './routes/task-routes.ts';
import {
  registerTaskRunOpenApi,
  taskRunRoutes,
  type TaskRunDeps,
} from './routes/task-run-routes.ts';
import type { CollabStore } from './store/open-collab-store.ts';

export interface CollabModuleDeps {
  store: CollabStore;
  /** Records the writes an admin makes for someone else (`acting_for`). */
  audit: AuditLog;
  /** Without it (tests of the store alone) the run/cancel routes are not mounted. */
  taskRuns?: TaskRunDeps;
}

/** The collaboration store's HTTP contract: state, tasks, leases and agents. */
export function collabModule(deps: CollabModuleDeps): ApiModule {
  const router = Router();
  // Reads for viewers and up, writes for agents and up (docs/AUTH.md).
  router.use('/collab', collabRoles);
  router.use(stateRoutes(deps.store));
  // Before the task routes: `/collab/tasks/next` is not a task id.
  router.use(dispatchRoutes(deps.store));
  router.use(taskRoutes(deps.store, deps.audit));
  if (deps.taskRuns) router.use(taskRunRoutes(deps.store, deps.taskRuns));
  router.use(leaseRoutes(deps.store, deps.audit));
  router.use(agentRoutes(deps.store, deps.audit));
  router.use(etagOnPreconditionFailure);
  return {
    name: 'collab',
    router,
    registerOpenApi(registry: OpenAPIRegistry) {
      registerStateOpenApi(registry);
      registerTaskOpenApi(registry);
      if (deps.taskRuns) registerTaskRunOpenApi(registry);
      registerLeaseOpenApi(registry);
      registerDispatchOpenApi(registry);
      registerAgentOpenApi(registry);
    },
  };
}
