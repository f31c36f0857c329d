import { ReadinessResponse } from '../schemas/health.ts';
import type { RequestCore } from './request-core.ts';

/** The API's probes (docs/ARCHITECTURE.md, Readiness). */
export function createHealthSection(core: RequestCore) {
  return {
    /**
     * `GET /readyz`: 200 ready, 503 not ready, both with the per-check report; `report` is
     * undefined when the body is not one. Any other status is an `ApiError`.
     */
    async readiness(signal?: AbortSignal) {
      const response = await core.send('GET', '/readyz', { signal, alsoOk: [503] });
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = ReadinessResponse.safeParse(body);
      return { httpStatus: response.status, report: parsed.success ? parsed.data : undefined };
    },
  };
}
