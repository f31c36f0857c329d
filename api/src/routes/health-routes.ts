import { HealthResponse, ReadinessResponse } from '@kyros/contracts/schemas/health';
import { routeModule, type ApiModule } from '../api-module.ts';
import { defineRoute, jsonContent } from '../http/route.ts';
import { runReadinessChecks, type ReadinessProbes } from '../readiness/run-readiness-checks.ts';

/** `/healthz` and `/readyz`: public, so that probes need no credential. */
export function healthModule(probes: ReadinessProbes, timeoutMs: number): ApiModule {
  return routeModule('health', [
    defineRoute({
      method: 'get',
      path: '/healthz',
      role: 'public',
      tags: ['Operations'],
      summary: 'Liveness: the API process is up',
      responses: { 200: { description: 'Alive', ...jsonContent(HealthResponse) } },
      handle(_input, { res }) {
        res.json(HealthResponse.parse({ status: 'ok' }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      role: 'public',
      tags: ['Operations'],
      summary:
        'Deep readiness: database migrated, Temporal reachable, task-queue round trip, collaboration dir writable',
      responses: {
        200: { description: 'Every check passes', ...jsonContent(ReadinessResponse) },
        503: {
          description: 'At least one check fails; `failing` names them',
          ...jsonContent(ReadinessResponse),
        },
      },
      async handle(_input, { req, res }) {
        const result = await runReadinessChecks(probes, timeoutMs);
        if (result.status !== 'ready') req.log.warn({ failing: result.failing }, 'not ready');
        res
          .status(result.status === 'ready' ? 200 : 503)
          .set('Cache-Control', 'no-store')
          .json(result);
      },
    }),
  ]);
}
