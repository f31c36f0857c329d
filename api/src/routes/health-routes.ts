import { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { HealthResponse, ReadinessResponse } from '@kyros/contracts/schemas/health';
import type { ApiModule } from '../api-module.ts';
import { problemResponse } from '../openapi/problem-response.ts';
import { runReadinessChecks, type ReadinessProbes } from '../readiness/run-readiness-checks.ts';

export function healthModule(probes: ReadinessProbes, timeoutMs: number): ApiModule {
  return {
    name: 'health',
    router: healthRouter(probes, timeoutMs),
    registerOpenApi: registerHealthOpenApi,
  };
}

function healthRouter(probes: ReadinessProbes, timeoutMs: number): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json(HealthResponse.parse({ status: 'ok' }));
  });
  router.get('/readyz', async (req, res) => {
    const result = await runReadinessChecks(probes, timeoutMs);
    if (result.status !== 'ready') req.log.warn({ failing: result.failing }, 'not ready');
    res
      .status(result.status === 'ready' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(result);
  });
  return router;
}

function registerHealthOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['Operations'],
    summary: 'Liveness: the API process is up',
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
      'Deep readiness: database migrated, Temporal reachable, task-queue round trip, collaboration dir writable',
    responses: {
      200: {
        description: 'Every check passes',
        content: { 'application/json': { schema: ReadinessResponse } },
      },
      503: {
        description: 'At least one check fails; `failing` names them',
        content: { 'application/json': { schema: ReadinessResponse } },
      },
      ...problemResponse,
    },
  });
}
