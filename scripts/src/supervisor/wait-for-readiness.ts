import { ReadinessResponse } from '@kyros/contracts/schemas/health';
import { StartupError } from './backing-services.ts';

/**
 * Polls /readyz until every check passes — the non-gating task-queue round trip too, since the
 * whole product is only up once a worker answers — reporting each change in what it waits for;
 * fails after timeoutMs.
 */
export async function waitForReadiness(
  url: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastWaitingFor = '';
  for (;;) {
    let report: string;
    // Reported when it changes: which checks fail, not their details (those carry ages).
    let waitingFor: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = ReadinessResponse.parse(await response.json());
      if (body.status === 'ready') return;
      const failed = body.checks.filter((check) => !check.ok);
      waitingFor = failed.map((check) => check.name).join(', ');
      report = `waiting for: ${failed
        .map((check) => `${check.name} (${check.detail ?? 'failing'})`)
        .join(', ')}`;
    } catch {
      report = waitingFor = 'waiting for the API to listen';
    }
    if (waitingFor !== lastWaitingFor) log(report);
    lastWaitingFor = waitingFor;
    if (Date.now() > deadline) {
      throw new StartupError(`not ready after ${timeoutMs / 1000} s; last state: ${report}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
