import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CollabClient } from '@kyros/contracts/client';
import { nowMs, round, summariseLatencies, type LatencySummary } from '../collab/latency-stats.ts';
import { measureCpuPerCall, type CpuPerCallRow } from './cpu-per-call.ts';
import { callTool } from './mcp-session.ts';

export interface RoundTripRow {
  operation: 'get_task' | 'check_conflicts' | 'claim_task';
  samples: number;
  rest: LatencySummary;
  mcp: LatencySummary;
  /** MCP p50 ÷ REST p50 (and the same at p99). */
  ratioP50: number;
  ratioP99: number;
  /** CPU per call of each path (reads only: a claim needs a fresh task per call). */
  cpu?: CpuPerCallRow | undefined;
}

/**
 * One REST call and its MCP tool call per round, alternating which goes first, so both see the
 * same server and machine state; warm-up rounds are not recorded.
 */
async function alternate(
  rounds: number,
  warmup: number,
  rest: (round: number) => Promise<unknown>,
  mcp: (round: number) => Promise<unknown>,
): Promise<{ rest: number[]; mcp: number[] }> {
  const samples = { rest: [] as number[], mcp: [] as number[] };
  const time = async (call: () => Promise<unknown>, into: number[] | undefined) => {
    const start = nowMs();
    await call();
    into?.push(nowMs() - start);
  };
  for (let index = 0; index < warmup + rounds; index += 1) {
    const record = index >= warmup;
    const restCall = () => time(() => rest(index), record ? samples.rest : undefined);
    const mcpCall = () => time(() => mcp(index), record ? samples.mcp : undefined);
    if (index % 2 === 0) {
      await restCall();
      await mcpCall();
    } else {
      await mcpCall();
      await restCall();
    }
  }
  return samples;
}

function row(
  operation: RoundTripRow['operation'],
  samples: { rest: number[]; mcp: number[] },
  cpu?: CpuPerCallRow,
): RoundTripRow {
  const rest = summariseLatencies(samples.rest);
  const mcp = summariseLatencies(samples.mcp);
  return {
    operation,
    samples: rest.count,
    rest,
    mcp,
    ratioP50: round(mcp.p50Ms / rest.p50Ms),
    ratioP99: round(mcp.p99Ms / rest.p99Ms),
    cpu,
  };
}

export async function measureRoundTrips(options: {
  rest: CollabClient;
  mcp: Client;
  rounds: number;
  warmup: number;
  /** The API child, whose CPU time per call is read from `/proc`. */
  apiPid: number;
}): Promise<RoundTripRow[]> {
  const { rest, mcp, rounds, warmup, apiPid } = options;
  const { id } = await rest.createTask({ title: 'read me', resources: ['bench/read/**'] });
  const readTask = { rest: () => rest.getTask(id), mcp: () => callTool(mcp, 'get_task', { id }) };
  const getTask = await alternate(rounds, warmup, readTask.rest, readTask.mcp);
  const getTaskCpu = await measureCpuPerCall({ apiPid, calls: rounds, ...readTask });

  // A second read, its resources in the REST query string and in the tool call body.
  const resources = ['bench/read/a.md', 'bench/elsewhere/**'];
  const conflicts = {
    rest: () => rest.checkConflicts(resources),
    mcp: () => callTool(mcp, 'check_conflicts', { resources }),
  };
  const checkConflicts = await alternate(rounds, warmup, conflicts.rest, conflicts.mcp);
  const checkConflictsCpu = await measureCpuPerCall({ apiPid, calls: rounds, ...conflicts });

  // Each claim needs a queued task of its own whose glob overlaps no lease: two per round.
  const total = rounds + warmup;
  const created: string[] = [];
  for (let index = 0; index < total * 2; index += 1) {
    const task = await rest.createTask({
      title: `claim ${index}`,
      resources: [`bench/claim-${index}/**`],
      labels: ['round-trip'],
    });
    created.push(task.id);
  }
  const taskFor = (round: number, side: 0 | 1) => created[round * 2 + side] ?? '';
  const claimTask = await alternate(
    rounds,
    warmup,
    (index) => rest.claimTask(taskFor(index, 0), { ttl_seconds: 600 }),
    (index) => callTool(mcp, 'claim_task', { id: taskFor(index, 1), ttl_seconds: 600 }),
  );
  return [
    row('get_task', getTask, getTaskCpu),
    row('check_conflicts', checkConflicts, checkConflictsCpu),
    row('claim_task', claimTask),
  ];
}
