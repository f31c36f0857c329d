import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { ApiModule } from '../api-module.ts';
import { etagOnPreconditionFailure } from './http/etag-response.ts';
import { agentRoutes, registerAgentOpenApi } from './routes/agent-routes.ts';
import { leaseRoutes, registerLeaseOpenApi } from './routes/lease-routes.ts';
import { registerStateOpenApi, stateRoutes } from './routes/state-routes.ts';
import { registerTaskOpenApi, taskRoutes } from './routes/task-routes.ts';
import type { CollabStore } from './store/open-collab-store.ts';

export interface CollabModuleDeps {
  store: CollabStore;
}

/** The collaboration store's HTTP contract: state, tasks, leases and agents. */
export function collabModule(deps: CollabModuleDeps): ApiModule {
  const router = Router();
  router.use(stateRoutes(deps.store));
  router.use(taskRoutes(deps.store));
  router.use(leaseRoutes(deps.store));
  router.use(agentRoutes(deps.store));
  router.use(etagOnPreconditionFailure);
  return {
    name: 'collab',
    router,
    registerOpenApi(registry: OpenAPIRegistry) {
      registerStateOpenApi(registry);
      registerTaskOpenApi(registry);
      registerLeaseOpenApi(registry);
      registerAgentOpenApi(registry);
    },
  };
}
