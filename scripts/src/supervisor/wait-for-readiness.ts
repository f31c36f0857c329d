import { ReadinessResponse } from '@kyros/contracts/schemas/health';
import { StartupError } from './backing-services.ts';

/** Polls /readyz until 200, reporting each change in the failing checks; fails after timeoutMs. */
export async function waitForReadiness(
  url: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = '';
  for (;;) {
    let report: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return;
      const body = ReadinessResponse.parse(await response.json());
      report = `waiting for: ${body.checks
        .filter((check) => !check.ok)
        .map((check) => `${check.name} (${check.detail ?? 'failing'})`)
        .join(', ')}`;
    } catch {
      report = 'waiting for the API to listen';
    }
    if (report !== lastReport) log(report);
    lastReport = report;
    if (Date.now() > deadline) {
      throw new StartupError(`not ready after ${timeoutMs / 1000} s; last state: ${report}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
