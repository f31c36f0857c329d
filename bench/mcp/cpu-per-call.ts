import { startProcessCpuMeter } from '../collab/cpu-meter.ts';
import { round } from '../collab/latency-stats.ts';

/** CPU time per call, in ms: the API child's and this process's (the client's). */
export interface CallCpu {
  apiMs: number;
  clientMs: number;
}

export interface CpuPerCallRow {
  calls: number;
  rest: CallCpu;
  mcp: CallCpu;
  /** MCP ÷ REST for the API's CPU per call. */
  ratioApi: number;
  /** MCP ÷ REST for the API's and the client's CPU together. */
  ratioBoth: number;
}

/**
 * CPU time per call of each path, in blocks of `calls` calls: REST, MCP, REST, MCP, each block
 * metered alone (the API's CPU from `/proc`, this process's from `process.cpuUsage`). CPU time
 * hardly moves with what else a loaded machine runs, unlike latency, so this shows whether a
 * change made a path cheaper when the latency ratio is lost in the noise. Undefined where `/proc`
 * cannot be read.
 */
export async function measureCpuPerCall(options: {
  apiPid: number;
  calls: number;
  rest: () => Promise<unknown>;
  mcp: () => Promise<unknown>;
}): Promise<CpuPerCallRow | undefined> {
  const { apiPid, calls } = options;
  const totals = { rest: { apiMs: 0, clientMs: 0 }, mcp: { apiMs: 0, clientMs: 0 } };
  for (const side of ['rest', 'mcp', 'rest', 'mcp'] as const) {
    const stop = startProcessCpuMeter({ api: apiPid });
    for (let index = 0; index < calls; index += 1) await options[side]();
    const used = stop();
    if (used.api === undefined || used.self === undefined) return undefined;
    totals[side].apiMs += used.api;
    totals[side].clientMs += used.self;
  }
  const perCall = (total: CallCpu): CallCpu => ({
    apiMs: round(total.apiMs / (2 * calls), 3),
    clientMs: round(total.clientMs / (2 * calls), 3),
  });
  const rest = perCall(totals.rest);
  const mcp = perCall(totals.mcp);
  return {
    calls: 2 * calls,
    rest,
    mcp,
    ratioApi: round(mcp.apiMs / rest.apiMs),
    ratioBoth: round((mcp.apiMs + mcp.clientMs) / (rest.apiMs + rest.clientMs)),
  };
}
