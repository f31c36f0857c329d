import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { HealthResponse, ReadinessResponse } from '@kyros/contracts/health';
import type { ApiModule } from '../api-module.ts';
import { requireRole } from '../auth/principal.ts';
import { problemResponse } from '../openapi/problem-response.ts';
import { lastRoundTrip } from '../readiness/last-round-trip.ts';
import { runReadinessChecks, type ReadinessProbes } from '../readiness/run-readiness-checks.ts';

/** How often readiness refreshes the task-queue round trip it reports (ADR 0012). */
const TASK_QUEUE_REFRESH = { refreshAfterSuccessMs: 5_000, refreshAfterFailureMs: 1_000 };

/**
 * Liveness (`/healthz`), readiness (`/readyz`: can this replica serve) and deep diagnostics
 * (`/diagnostics`: every check live). The task-queue round trip measures the worker fleet, not
 * this replica, so readiness reports its last result without gating on it (ADR 0012).
 */
export function healthModule(probes: ReadinessProbes, timeoutMs: number): ApiModule {
  return {
    name: 'health',
    router: healthRouter(probes, timeoutMs),
    registerOpenApi: registerHealthOpenApi,
  };
}

function healthRouter(probes: ReadinessProbes, timeoutMs: number): Router {
  const router = Router();
  const readinessProbes: ReadinessProbes = {
    ...probes,
    task_queue: lastRoundTrip(probes.task_queue, TASK_QUEUE_REFRESH),
  };
  router.get('/healthz', (_req, res) => {
    res.json(HealthResponse.parse({ status: 'ok' }));
  });
  router.get('/readyz', async (req, res) => {
    const result = await runReadinessChecks(readinessProbes, timeoutMs, {
      nonGating: ['task_queue'],
    });
    if (result.status === 'not_ready') req.log.warn({ failing: result.failing }, 'not ready');
    res
      .status(result.status === 'not_ready' ? 503 : 200)
      .set('Cache-Control', 'no-store')
      .json(result);
  });
  router.get('/diagnostics', requireRole('operator'), async (_req, res) => {
    const result = await runReadinessChecks(probes, timeoutMs);
    res
      .status(result.status === 'ready' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(result);
  });
  return router;
}

function registerHealthOpenApi(registry: OpenAPIRegistry): void {
  const report = { 'application/json': { schema: ReadinessResponse } };
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['Operations'],
    summary: 'Liveness: the API process is up (restart it when this fails)',
    responses: {
      200: { description: 'Alive', content: { 'application/json': { schema: HealthResponse } } },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    tags: ['Operations'],
    summary:
      'Readiness: this replica can serve (database migrated, Temporal reachable, collaboration dir writable)',
    description:
      'For load balancers. The task-queue round trip is reported from its last background ' +
      'measurement and does not gate: a busy or absent worker makes the answer `degraded`, not 503.',
    responses: {
      200: { description: 'Ready, or degraded (`degraded` names the checks)', content: report },
      503: { description: 'A gating check fails; `failing` names them', content: report },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/diagnostics',
    tags: ['Operations'],
    summary: 'Deep diagnostics: every check live, the task-queue round trip included (operator)',
    responses: {
      200: { description: 'Every check passes', content: report },
      503: { description: 'At least one check fails; `failing` names them', content: report },
      ...problemResponse,
    },
  });
}
