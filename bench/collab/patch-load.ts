import { LoadClient, LoadRequestError } from './load-client.ts';
import { runClosedLoop } from './closed-loop.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { summariseLatencies, type LatencySummary } from './latency-stats.ts';

export interface PatchLoadOptions {
  url: string;
  /** The API process, whose CPU time per PATCH is reported. */
  apiPid: number;
  taskIds: readonly string[];
  clients: number;
  warmupMs: number;
  durationMs: number;
}

export interface PatchLoadResult {
  ops: number;
  opsPerSec: number;
  errors: number;
  errorSamples: string[];
  latency: LatencySummary;
  /**
   * The API process's CPU time per PATCH while measuring: its cost, which unlike the latency
   * hardly moves with other load on the machine (absent without `/proc`).
   */
  apiCpuMsPerOp?: number;
}

/**
 * `clients` agents, each editing its own task (spread over the board): PATCH a JSON merge patch
 * under `If-Match`, keep the ETag of the answer for the next one. Tasks are distinct, so a 412
 * means something is wrong and counts as an error.
 */
export async function runPatchLoad(options: PatchLoadOptions): Promise<PatchLoadResult> {
  const client = new LoadClient(options.url);
  try {
    return await patchForDuration(client, options);
  } finally {
    client.close();
  }
}

async function patchForDuration(
  client: LoadClient,
  options: PatchLoadOptions,
): Promise<PatchLoadResult> {
  const owned = Array.from({ length: options.clients }, (_, i) => {
    const id = options.taskIds[Math.floor((i * options.taskIds.length) / options.clients)];
    if (!id) throw new Error('the board has fewer tasks than clients');
    return id;
  });
  const etags = await Promise.all(
    owned.map(async (id) => (await client.send('GET', `/collab/tasks/${id}`)).etag ?? ''),
  );
  let sequence = 0;
  const patchOnce = async (i: number): Promise<void> => {
    const id = owned[i] ?? '';
    sequence += 1;
    try {
      const answer = await client.send('PATCH', `/collab/tasks/${id}`, {
        body: { metadata: { bench_seq: sequence } },
        contentType: 'application/merge-patch+json',
        headers: { 'if-match': etags[i] ?? '' },
      });
      etags[i] = answer.etag ?? '';
    } catch (error) {
      // The 412 carries the current ETag: carry on from it so one failure does not poison the rest.
      if (error instanceof LoadRequestError && error.status === 412) etags[i] = etagOf(error.body);
      throw error;
    }
  };
  await runClosedLoop(options.clients, options.warmupMs, patchOnce);
  const stopMeter = startCpuMeter([options.apiPid]);
  const result = await runClosedLoop(options.clients, options.durationMs, patchOnce);
  const { apiPercent } = stopMeter();
  return {
    ...(apiPercent !== undefined && result.opsPerSec > 0
      ? { apiCpuMsPerOp: Math.round((apiPercent * 10 * 100) / result.opsPerSec) / 100 }
      : {}),
    ops: result.ops,
    opsPerSec: result.opsPerSec,
    errors: result.errors,
    errorSamples: result.errorSamples,
    latency: summariseLatencies(result.latenciesMs),
  };
}

function etagOf(problemJson: string): string {
  const problem: unknown = JSON.parse(problemJson);
  if (typeof problem === 'object' && problem !== null && 'etag' in problem) {
    return typeof problem.etag === 'string' ? problem.etag : '';
  }
  return '';
}
