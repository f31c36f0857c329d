import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnApiChild } from '../collab/api-child-process.ts';
import { Cleanup } from '../collab/cleanup.ts';
import { round } from '../collab/latency-stats.ts';
import { runAgentSessions } from './agent-sessions.ts';
import { printTable, writeResults, type McpBenchResults } from './bench-report.ts';
import { agentHeaders, mcpSession, restClient } from './mcp-session.ts';
import { measureRoundTrips } from './round-trips.ts';
import { describeMachine } from '../shared/results-output.ts';

// `npm run bench:mcp`: MCP tools/call against the same REST calls, then 50 agent sessions at once.
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const PERFORMANCE_DOC = fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url));

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    sessions: { type: 'string', default: '50' },
    'log-level': { type: 'string', default: 'warn' },
    'dry-run': { type: 'boolean', default: false },
    // Writes a V8 CPU profile of the API child into this directory.
    'profile-api': { type: 'string' },
  },
});
const positiveInt = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`--${name} must be > 0`);
  return number;
};
const rounds = positiveInt('rounds', values.rounds);
const warmup = positiveInt('warmup', values.warmup);
const sessions = positiveInt('sessions', values.sessions);

const cleanup = new Cleanup();
cleanup.exitOnSignals();
const wallStart = performance.now();
const loadAtStart = round(os.loadavg()[0] ?? 0);

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-bench-mcp-'));
  cleanup.add(`temp dir ${root}`, () => rm(root, { recursive: true, force: true }));
  const api = await spawnApiChild({
    dataDir: root,
    collabDir: path.join(root, 'collaboration'),
    logLevel: values['log-level'],
    ...(values['profile-api'] ? { profileDir: path.resolve(values['profile-api']) } : {}),
  });
  cleanup.add(`API process ${api.pid}`, () => api.stop());
  await api.ready;

  const headers = agentHeaders('mcp-bench');
  const rest = restClient(api.url, headers);
  const mcp = await mcpSession(api.url, headers);
  cleanup.add('MCP session', () => mcp.close());
  const roundTrips = await measureRoundTrips({ rest, mcp, rounds, warmup, apiPid: api.pid });
  for (const trip of roundTrips) {
    console.log(
      `${trip.operation}: MCP p50 ${trip.mcp.p50Ms} ms vs REST ${trip.rest.p50Ms} ms (${trip.ratioP50}×)` +
        (trip.cpu
          ? `; API CPU per call ${trip.cpu.mcp.apiMs} vs ${trip.cpu.rest.apiMs} ms (${trip.cpu.ratioApi}×)`
          : ''),
    );
  }
  const agents = await runAgentSessions({ url: api.url, rest, sessions, deadlineMs: 120_000 });
  const results: McpBenchResults = {
    benchmark: 'mcp',
    date,
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: describeMachine(loadAtStart),
    method: {
      server: 'api/src/main.ts in a child process, collaboration store on a temp dir',
      client:
        "this process: the typed client (@kyros/contracts/client) for REST, the SDK's Client over Streamable HTTP for MCP",
      rounds,
      warmup,
      apiLogLevel: values['log-level'],
    },
    roundTrips,
    sessions: agents,
  };
  printTable(results);
  if (values['dry-run']) return;
  const file = await writeResults(RESULTS_DIR, PERFORMANCE_DOC, results);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)}, mcp-latest.json and docs/PERFORMANCE.md`,
  );
}

void cleanup.run(main);
