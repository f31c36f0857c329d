import type { ReadinessCheck, ReadinessResponse } from '@kyros/contracts/schemas/health';

export type CheckName = ReadinessCheck['name'];

/** A probe resolves (optionally with a detail) when its dependency is healthy and throws otherwise. */
export type ReadinessProbe = (signal: AbortSignal) => Promise<string | void>;

export type ReadinessProbes = Record<CheckName, ReadinessProbe>;

/** Runs every probe concurrently, each bounded by timeoutMs, and summarises them. */
export async function runReadinessChecks(
  probes: ReadinessProbes,
  timeoutMs: number,
): Promise<ReadinessResponse> {
  const checks = await Promise.all(
    (Object.entries(probes) as [CheckName, ReadinessProbe][]).map(([name, probe]) =>
      runOne(name, probe, timeoutMs),
    ),
  );
  const failing = checks.filter((check) => !check.ok).map((check) => check.name);
  return { status: failing.length === 0 ? 'ready' : 'not_ready', checks, failing };
}

async function runOne(
  name: CheckName,
  probe: ReadinessProbe,
  timeoutMs: number,
): Promise<ReadinessCheck> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    const detail = await Promise.race([probe(controller.signal), timeout]);
    return { name, ok: true, ...(detail ? { detail } : {}), durationMs: elapsed(started) };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      durationMs: elapsed(started),
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}
