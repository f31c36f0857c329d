import { HealthResponse, ReadinessResponse } from '@kyros/contracts/schemas/health';
import { routeModule, type ApiModule } from '../api-module.ts';
import { defineRoute, jsonContent } from '../http/route.ts';
import { lastRoundTrip } from '../readiness/last-round-trip.ts';
import { runReadinessChecks, type ReadinessProbes } from '../readiness/run-readiness-checks.ts';

/** How often readiness refreshes the task-queue round trip it reports (ADR 0013). */
const TASK_QUEUE_REFRESH = { refreshAfterSuccessMs: 5_000, refreshAfterFailureMs: 1_000 };
const TAGS = ['Operations'];

/**
 * Liveness (`/healthz`), readiness (`/readyz`: can this replica serve) and deep diagnostics
 * (`/diagnostics`: every check live). The task-queue round trip measures the worker fleet, not
 * this replica, so readiness reports its last result without gating on it (ADR 0013).
 */
export function healthModule(probes: ReadinessProbes, timeoutMs: number): ApiModule {
  const readinessProbes: ReadinessProbes = {
    ...probes,
    task_queue: lastRoundTrip(probes.task_queue, TASK_QUEUE_REFRESH),
  };
  return routeModule('health', [
    defineRoute({
      method: 'get',
      path: '/healthz',
      role: 'public',
      tags: TAGS,
      summary: 'Liveness: the API process is up (restart it when this fails)',
      responses: { 200: { description: 'Alive', ...jsonContent(HealthResponse) } },
      handle(_input, { res }) {
        res.json(HealthResponse.parse({ status: 'ok' }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      role: 'public',
      tags: TAGS,
      summary:
        'Readiness: this replica can serve (database migrated, Temporal reachable, collaboration dir writable)',
      description:
        'For load balancers. The task-queue round trip is reported from its last background ' +
        'measurement and does not gate: a busy or absent worker makes the answer `degraded`, not 503.',
      responses: {
        200: {
          description: 'Ready, or degraded (`degraded` names the checks)',
          ...jsonContent(ReadinessResponse),
        },
        503: {
          description: 'A gating check fails; `failing` names them',
          ...jsonContent(ReadinessResponse),
        },
      },
      async handle(_input, { req, res }) {
        const result = await runReadinessChecks(readinessProbes, timeoutMs, {
          nonGating: ['task_queue'],
        });
        if (result.status === 'not_ready') req.log.warn({ failing: result.failing }, 'not ready');
        res
          .status(result.status === 'not_ready' ? 503 : 200)
          .set('Cache-Control', 'no-store')
          .json(result);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/diagnostics',
      role: 'operator',
      tags: TAGS,
      summary: 'Deep diagnostics: every check live, the task-queue round trip included (operator)',
      responses: {
        200: { description: 'Every check passes', ...jsonContent(ReadinessResponse) },
        503: {
          description: 'At least one check fails; `failing` names them',
          ...jsonContent(ReadinessResponse),
        },
      },
      async handle(_input, { res }) {
        const result = await runReadinessChecks(probes, timeoutMs);
        res
          .status(result.status === 'ready' ? 200 : 503)
          .set('Cache-Control', 'no-store')
          .json(result);
      },
    }),
  ]);
}
