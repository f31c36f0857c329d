// Long file: one scenario (a write storm, SIGKILL of the API, restart) and the ledger that checks
// every acknowledged write survived; the helpers only make sense beside it.
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import type { Agent } from '@kyros/contracts/schemas/collab-agents';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { withRetryOn412 } from '@kyros/contracts/client/retry-on-412';
import {
  CollabEventSchema,
  type CollabEvent,
  type NewEvent,
} from '@kyros/contracts/schemas/collab-events';
import { LocksDocumentSchema, type LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import {
  TasksDocumentSchema,
  type Task,
  type TasksDocument,
} from '@kyros/contracts/schemas/collab-tasks';
import type { ApiProcess } from '@kyros/test-support/api/api-process';
import type { TestAuth } from '@kyros/test-support/api/test-auth';
import { COLLAB_SEED } from '@kyros/test-support/collab/collab-dir';
import { test } from '@kyros/test-support/fixtures/integration-test';
import { readStoredDocument } from './store/open-collab-store.ts';

const ROUNDS = 20;
const WORKERS = 8;
const COUNTER_TASKS = 2;
const STORM_MS = { min: 100, max: 600 };
const AGENTS = ['agent-atlas', 'agent-iris', 'agent-sentinel', 'agent-quill'];
const STORM_LABEL = 'crash-storm';
const MIGRATION_TASKS = 10_000;

// A failing storm is replayed by passing the printed seed back (the timing of the kill still varies).
const seed = Number(process.env.KYROS_CRASH_TEST_SEED ?? Math.floor(Math.random() * 2 ** 32));
if (!Number.isInteger(seed)) throw new Error('KYROS_CRASH_TEST_SEED must be an integer');

/** mulberry32: a tiny seeded PRNG, so the choice of operations and kill moments is reproducible. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * What the API acknowledged (it must survive every crash) and what was in flight when the process
 * died (it may or may not have landed, but nothing else may appear).
 */
interface Ledger {
  events: Map<number, NewEvent>;
  maybeEvents: Set<string>;
  tasks: Map<string, string>;
  maybeTitles: Set<string>;
  /** Per worker: its own key in a shared counter task, so writers contend and get 412s. */
  counters: { key: string; taskId: string; acked: number; inFlight: boolean }[];
  grants: Map<string, Grant>;
  maybeGrants: Set<string>;
  /** Per agent: its version after the last restart, heartbeats acknowledged and lost since. */
  agents: Map<string, { version: number; acked: number; maybe: number }>;
  /** The events acknowledged store writes must have produced, as `event|target|version`. */
  storeEvents: string[];
  /** The highest fencing token on disk after the last restart: every later grant must exceed it. */
  durableToken: number;
  lostRequests: number;
}

interface Grant {
  token: number;
  resource: string;
  release: 'unsent' | 'maybe' | 'acked';
}

interface Storm {
  round: number;
  killed: boolean;
  client: CollabClient;
  /** Clients whose keys are bound to an agent (a writer `crash-w<n>` or a seeded agent). */
  as: (agentId: string) => { client: CollabClient; events: CollabClient };
  ledger: Ledger;
}

class StormOver extends Error {}

/** Sends one request of the storm; a connection cut by the kill may or may not have been applied. */
async function send<T>(storm: Storm, onLost: () => void, request: () => Promise<T>): Promise<T> {
  if (storm.killed) throw new StormOver();
  try {
    return await request();
  } catch (error) {
    // undici reports a reset or refused connection (and a body cut short) as a TypeError.
    if (storm.killed && error instanceof TypeError) {
      storm.ledger.lostRequests += 1;
      onLost();
      throw new StormOver();
    }
    throw error;
  }
}

interface Writer {
  storm: Storm;
  worker: number;
  actor: string;
  random: () => number;
}

/** One of the storm's concurrent writers: a seeded mix of every kind of write, until the kill. */
async function runWriter(writer: Writer): Promise<void> {
  for (let seq = 0; ; seq += 1) {
    const roll = writer.random();
    const probe = `r${writer.storm.round}-w${writer.worker}-${seq}`;
    if (roll < 0.3) await incrementOwnCounter(writer);
    else if (roll < 0.55) await appendProbeEvent(writer, probe);
    else if (roll < 0.75) await createStormTask(writer, probe);
    else if (roll < 0.9) await leaseAndRelease(writer, probe);
    else await heartbeatAgent(writer);
  }
}

async function incrementOwnCounter({ storm, worker, random }: Writer): Promise<void> {
  const { client, ledger } = storm;
  const counter = ledger.counters[worker];
  if (!counter) throw new Error(`no counter for worker ${worker}`);
  await withRetryOn412(
    async () => {
      const { task, etag } = await send(storm, noop, () => client.getTask(counter.taskId));
      // Only this worker writes its key, so it must read back exactly what it was last told.
      expect(counterValue(task, counter.key)).toBe(counter.acked);
      const patch = { metadata: { [counter.key]: counter.acked + 1 } };
      const answer = await send(
        storm,
        () => (counter.inFlight = true),
        () => client.patchTask(counter.taskId, patch, { ifMatch: etag }),
      );
      counter.acked += 1;
      ledger.storeEvents.push(`task_updated|${counter.taskId}|${answer.task.version}`);
    },
    { maxAttempts: 1000, baseDelayMs: 2, maxDelayMs: 40, random },
  );
}

async function appendProbeEvent({ storm, actor, random }: Writer, probe: string): Promise<void> {
  const { ledger } = storm;
  const event = {
    event: 'crash_probe',
    actor,
    target: 'crash-test',
    details: { probe, round: storm.round, padding: 'x'.repeat(Math.floor(random() * 2000)) },
  };
  const { id } = await send(
    storm,
    () => ledger.maybeEvents.add(probe),
    () => storm.as(actor).events.appendEvent(event),
  );
  expect(ledger.events.has(id), `event id ${id} acknowledged twice`).toBe(false);
  ledger.events.set(id, event);
}

async function createStormTask({ storm }: Writer, probe: string): Promise<void> {
  const { client, ledger } = storm;
  const title = `storm ${probe}`;
  const { id } = await send(
    storm,
    () => ledger.maybeTitles.add(title),
    () => client.createTask({ title, labels: [STORM_LABEL] }),
  );
  expect(ledger.tasks.has(id), `task id ${id} acknowledged twice`).toBe(false);
  ledger.tasks.set(id, title);
  ledger.storeEvents.push(`task_created|${id}|`);
}

async function leaseAndRelease({ storm, worker, actor }: Writer, probe: string): Promise<void> {
  const { ledger } = storm;
  const { client } = storm.as(actor);
  const resource = `crash/w${worker}/${probe}.txt`;
  const grant = await send(
    storm,
    () => ledger.maybeGrants.add(resource),
    () => client.acquireLease({ resource, holder: actor, ttl_seconds: 3600 }),
  );
  // A token is never handed out twice, not even across a crash.
  expect(grant.fencing_token).toBeGreaterThan(ledger.durableToken);
  expect(ledger.grants.has(grant.lock_id), `${grant.lock_id} granted twice`).toBe(false);
  const granted: Grant = { token: grant.fencing_token, resource, release: 'unsent' };
  ledger.grants.set(grant.lock_id, granted);
  ledger.storeEvents.push(`lease_granted|${grant.lock_id}|`);
  await send(
    storm,
    () => (granted.release = 'maybe'),
    () => client.releaseLease(grant.lock_id, { holder: actor }),
  );
  granted.release = 'acked';
  ledger.storeEvents.push(`lease_released|${grant.lock_id}|`);
}

async function heartbeatAgent({ storm, worker }: Writer): Promise<void> {
  const agentId = AGENTS[worker % AGENTS.length] ?? 'agent-atlas';
  const agent = storm.ledger.agents.get(agentId);
  if (!agent) throw new Error(`no ledger entry for ${agentId}`);
  await send(
    storm,
    () => (agent.maybe += 1),
    () => storm.as(agentId).client.heartbeatAgent(agentId),
  );
  agent.acked += 1;
}

function noop(): void {}

function counterValue(task: Task, key: string): number {
  const value = task.metadata[key] ?? 0;
  if (typeof value !== 'number') throw new Error(`${task.id} metadata.${key} is not a number`);
  return value;
}

/** Runs the storm for a random moment, then SIGKILLs the API in the middle of it. */
async function stormThenKill(
  api: ApiProcess,
  keys: BoundKeys,
  ledger: Ledger,
  round: number,
  random: () => number,
) {
  const bound = new Map(
    [...keys].map(([agentId, key]) => {
      const { collab } = createKyrosClient({ baseUrl: api.url, credential: key });
      return [agentId, { client: collab, events: collab }];
    }),
  );
  // Each key's first use looks it up in the database; do that before the storm's clock starts.
  await Promise.all([...bound.values()].map(({ client }) => client.listAgents()));
  const storm: Storm = {
    round,
    killed: false,
    client: createKyrosClient({ baseUrl: api.url, credential: api.token }).collab,
    as: (agentId) => {
      const clients = bound.get(agentId);
      if (!clients) throw new Error(`no key bound to ${agentId}`);
      return clients;
    },
    ledger,
  };
  const failures: unknown[] = [];
  const workers = Array.from({ length: WORKERS }, (_, worker) =>
    runWriter({
      storm,
      worker,
      actor: `crash-w${worker}`,
      random: seededRandom(Math.floor(random() * 2 ** 32)),
    }).catch((error: unknown) => {
      if (!(error instanceof StormOver)) failures.push(error);
    }),
  );
  const stormMs = STORM_MS.min + Math.floor(random() * (STORM_MS.max - STORM_MS.min));
  // The storm's length is the random kill moment, not something the test waits out to assert.
  await new Promise((resolve) => setTimeout(resolve, stormMs));
  storm.killed = true;
  const exit = await api.kill('SIGKILL');
  await Promise.all(workers);
  expect(exit.signal).toBe('SIGKILL');
  if (failures.length > 0) throw failures[0];
}

/**
 * Right after the kill, before any recovery: every state file parses (tasks and agents as a
 * restart would read their item files and state log); the logs may have a torn tail.
 */
async function inspectDiskAfterKill(
  dir: string,
  ledger: Ledger,
): Promise<{ tempFiles: number; tornTail: boolean }> {
  const stateDir = path.join(dir, 'state');
  for (const kind of ['tasks', 'agents'] as const) {
    await expect(readStoredDocument(dir, kind), `state/${kind} after SIGKILL`).resolves.toEqual(
      expect.objectContaining({ version: expect.any(Number) as number }),
    );
  }
  const locks = await readFile(path.join(stateDir, 'locks.json'), 'utf8');
  expect(() => LocksDocumentSchema.parse(JSON.parse(locks)), 'locks.json').not.toThrow();
  const tempFiles = (await tempFilesUnder(stateDir)).length;
  const { events, unterminated } = await readEventLines(dir);
  expect(events.map((event) => event.id)).toEqual(events.map((_, i) => i + 1));
  // Acknowledged means already written: every acknowledged id is on disk before any recovery.
  expect(events.length).toBeGreaterThanOrEqual(Math.max(0, ...ledger.events.keys()));
  return { tempFiles, tornTail: unterminated.length > 0 };
}

async function tempFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.tmp'));
}

/** After the restart: no temp file is left, and the log holds only whole, valid, consecutive lines. */
async function expectRecoveredDisk(dir: string): Promise<void> {
  expect(await tempFilesUnder(path.join(dir, 'state'))).toEqual([]);
  const { events, unterminated } = await readEventLines(dir);
  expect(unterminated).toBe('');
  expect(events.map((event) => event.id)).toEqual(events.map((_, i) => i + 1));
}

async function readEventLines(
  dir: string,
): Promise<{ events: CollabEvent[]; unterminated: string }> {
  const lines = (await readFile(path.join(dir, 'events', 'events.jsonl'), 'utf8')).split('\n');
  const unterminated = lines.pop() ?? '';
  const events = lines.map((line, i) => {
    const parsed = CollabEventSchema.safeParse(parseJsonOrNull(line));
    if (!parsed.success) throw new Error(`events.jsonl line ${i + 1} is not an event: ${line}`);
    return parsed.data;
  });
  return { events, unterminated };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the schema check as "not an event", with the line.
    return null;
  }
}

async function readWholeLog(events: CollabClient): Promise<CollabEvent[]> {
  const all: CollabEvent[] = [];
  for (let after = 0; ;) {
    const page = await events.listEvents({ after, limit: 1000 });
    expect(page.reset).toBeUndefined();
    if (page.events.length === 0) return all;
    all.push(...page.events);
    after = page.next_after;
  }
}

/** Through the restarted API: everything acknowledged is there, nothing unexplained appeared. */
async function verifyThroughApi(api: ApiProcess, ledger: Ledger, previousLog: CollabEvent[]) {
  const client = createKyrosClient({ baseUrl: api.url, credential: api.token }).collab;
  const log = await readWholeLog(
    createKyrosClient({ baseUrl: api.url, headers: api.authHeaders }).collab,
  );
  const tasks = (await client.getState('tasks')).data.tasks;
  const locks = (await client.getState('locks')).data;
  expectEventsKept(log, previousLog, ledger);
  expectTasksKept(tasks, ledger);
  expectLeasesKept(locks, ledger);
  expectLogNotAheadOfState(log, tasks, locks);
  expectHeartbeatsKept((await client.listAgents()).agents, ledger);
  return log;
}

function expectEventsKept(log: CollabEvent[], previousLog: CollabEvent[], ledger: Ledger): void {
  expect(log.map((event) => event.id)).toEqual(log.map((_, i) => i + 1));
  expect(log.map((event) => event.ts)).toEqual(log.map((event) => event.ts).sort());
  // What one restart served as committed, every later restart serves unchanged.
  expect(log.slice(0, previousLog.length)).toEqual(previousLog);
  for (const [id, sent] of ledger.events) {
    const { event, actor, target, details } = log[id - 1] ?? {};
    expect({ event, actor, target, details }, `acknowledged event ${id}`).toEqual(sent);
  }
  const probes = log.filter((event) => event.event === 'crash_probe');
  expect(new Set(probes.map((event) => event.details.probe)).size).toBe(probes.length);
  for (const event of probes) {
    if (ledger.events.has(event.id)) continue;
    expect(ledger.maybeEvents, `unacknowledged event ${event.id}`).toContain(event.details.probe);
  }
  const logged = new Set(log.map((e) => `${e.event}|${e.target}|${versionOf(e) ?? ''}`));
  for (const expected of ledger.storeEvents) {
    expect(logged.has(expected), `the event of an acknowledged write: ${expected}`).toBe(true);
  }
}

function expectTasksKept(tasks: Task[], ledger: Ledger): void {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  for (const [id, title] of ledger.tasks) expect(byId.get(id)?.title, id).toBe(title);
  const stormTitles = tasks.filter((t) => t.labels.includes(STORM_LABEL)).map((t) => t.title);
  expect(new Set(stormTitles).size).toBe(stormTitles.length);
  const ackedTitles = new Set(ledger.tasks.values());
  for (const title of stormTitles) {
    if (!ackedTitles.has(title)) expect(ledger.maybeTitles).toContain(title);
  }
  for (const counter of ledger.counters) {
    const task = byId.get(counter.taskId);
    if (!task) throw new Error(`counter task ${counter.taskId} is gone`);
    // Exact: every acknowledged increment, plus the one in flight at the kill if it landed.
    const value = counterValue(task, counter.key);
    expect([counter.acked, ...(counter.inFlight ? [counter.acked + 1] : [])]).toContain(value);
    counter.acked = value;
    counter.inFlight = false;
  }
  for (const taskId of new Set(ledger.counters.map((counter) => counter.taskId))) {
    const keys = ledger.counters.filter((counter) => counter.taskId === taskId);
    // Each landed increment is one new task version: no write was applied twice or half.
    expect(byId.get(taskId)?.version).toBe(1 + keys.reduce((sum, c) => sum + c.acked, 0));
  }
}

function expectLeasesKept(locks: LocksDocument, ledger: Ledger): void {
  const leases = new Map(locks.leases.map((lease) => [lease.lock_id, lease]));
  for (const [lockId, grant] of ledger.grants) {
    expect(locks.fencing_token).toBeGreaterThanOrEqual(grant.token);
    if (grant.release === 'unsent') {
      expect(leases.get(lockId)?.resource, lockId).toBe(grant.resource);
    }
    if (grant.release === 'acked') expect(leases.has(lockId), lockId).toBe(false);
  }
  for (const lease of locks.leases.filter((l) => l.holder.startsWith('crash-'))) {
    if (!ledger.grants.has(lease.lock_id)) expect(ledger.maybeGrants).toContain(lease.resource);
  }
  ledger.durableToken = locks.fencing_token;
}

/** An event is appended only once its change is on disk, so the log never runs ahead of state. */
function expectLogNotAheadOfState(log: CollabEvent[], tasks: Task[], locks: LocksDocument): void {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  for (const event of log) {
    const version = versionOf(event);
    if (event.event === 'task_created') expect(byId.has(event.target), event.target).toBe(true);
    if (version !== undefined) {
      expect(byId.get(event.target)?.version).toBeGreaterThanOrEqual(version);
    }
    if (event.event === 'lease_granted') {
      expect(locks.fencing_token).toBeGreaterThanOrEqual(Number(event.details.fencing_token));
    }
  }
}

function expectHeartbeatsKept(agents: { agent: Agent }[], ledger: Ledger): void {
  for (const { agent } of agents) {
    const entry = ledger.agents.get(agent.id);
    if (!entry) continue;
    expect(agent.version).toBeGreaterThanOrEqual(entry.version + entry.acked);
    expect(agent.version).toBeLessThanOrEqual(entry.version + entry.acked + entry.maybe);
    ledger.agents.set(agent.id, { version: agent.version, acked: 0, maybe: 0 });
  }
}

function versionOf(event: CollabEvent): number | undefined {
  return event.event === 'task_updated' ? Number(event.details.version) : undefined;
}

/** Agent id → the secret of an API key bound to it. */
type BoundKeys = Map<string, string>;

describe('crash recovery of the API process', () => {
  let collabDir: string;
  let api: ApiProcess | undefined;
  // Writers act through keys bound to them, so the API needs a database for key lookups.
  let auth: TestAuth;
  const keys: BoundKeys = new Map();

  test.beforeAll(async ({ auth: fileAuth, collabDir: dir }) => {
    auth = fileAuth;
    collabDir = dir;
    const writers = Array.from({ length: WORKERS }, (_, worker) => `crash-w${worker}`);
    for (const agentId of [...writers, ...AGENTS]) keys.set(agentId, await auth.keyFor(agentId));
  });

  test(
    `keeps every acknowledged write and event, and every file parseable, across ${ROUNDS} SIGKILLs in a write storm`,
    { timeout: 300_000 },
    async ({ apiProcesses }) => {
      console.info(`crash-recovery seed ${seed} (replay with KYROS_CRASH_TEST_SEED=${seed})`);
      const random = seededRandom(seed);
      const start = () => apiProcesses.start();
      let round = 0;
      try {
        api = await start();
        const ledger = await openLedger(
          createKyrosClient({ baseUrl: api.url, credential: api.token }).collab,
        );
        let log = await verifyThroughApi(api, ledger, []);
        const seen = { tempFiles: 0, tornTails: 0 };
        for (round = 1; round <= ROUNDS; round += 1) {
          await stormThenKill(api, keys, ledger, round, random);
          const disk = await inspectDiskAfterKill(collabDir, ledger);
          seen.tempFiles += disk.tempFiles;
          seen.tornTails += disk.tornTail ? 1 : 0;
          api = await start();
          await expectRecoveredDisk(collabDir);
          log = await verifyThroughApi(api, ledger, log);
        }
        // The kills really did land mid-request, and the storms really did write.
        expect(ledger.lostRequests).toBeGreaterThan(0);
        expect(ledger.events.size).toBeGreaterThan(0);
        expect(ledger.tasks.size).toBeGreaterThan(0);
        expect(ledger.grants.size).toBeGreaterThan(0);
        console.info(
          `${ROUNDS} kills: ${ledger.events.size} events, ${ledger.tasks.size} tasks, ` +
            `${ledger.grants.size} leases acknowledged, ` +
            `${ledger.counters.reduce((n, c) => n + c.acked, 0)} counter increments on disk; ` +
            `${ledger.lostRequests} requests cut off; ` +
            `${seen.tempFiles} temp files and ${seen.tornTails} torn log tails left by a kill`,
        );
      } catch (error) {
        if (error instanceof Error) error.message += ` (seed ${seed}, round ${round})`;
        throw error;
      }
    },
  );
});

/** Creates the shared counter tasks and records where the board starts. */
async function openLedger(client: CollabClient): Promise<Ledger> {
  const counterTasks: string[] = [];
  for (let i = 0; i < COUNTER_TASKS; i += 1) {
    counterTasks.push((await client.createTask({ title: `crash counter ${i}` })).id);
  }
  const agents = (await client.listAgents()).agents;
  return {
    events: new Map(),
    maybeEvents: new Set(),
    tasks: new Map(),
    maybeTitles: new Set(),
    counters: Array.from({ length: WORKERS }, (_, worker) => ({
      key: `w${worker}`,
      taskId: counterTasks[worker % COUNTER_TASKS] ?? '',
      acked: 0,
      inFlight: false,
    })),
    grants: new Map(),
    maybeGrants: new Set(),
    agents: new Map(
      agents.map(({ agent }) => [agent.id, { version: agent.version, acked: 0, maybe: 0 }]),
    ),
    storeEvents: counterTasks.map((id) => `task_created|${id}|`),
    durableToken: (await client.getState('locks')).data.fencing_token,
    lostRequests: 0,
  };
}

describe('migration of the old whole-document board', () => {
  test(
    `moves a ${MIGRATION_TASKS.toLocaleString('en-US')}-task state/tasks.json into item files without losing a task, even when SIGKILLed mid-migration`,
    { timeout: 300_000 },
    async ({ apiProcesses }) => {
      const collabDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-migration-'));
      try {
        const board = await writeOldLayoutBoard(collabDir, MIGRATION_TASKS);
        const itemsDir = path.join(collabDir, 'state', 'tasks', 'items');
        const manifest = path.join(collabDir, 'state', 'tasks', 'manifest.json');
        const first = await apiProcesses.start({ collabDir, waitUntilHealthy: false });
        // The condition, not a timer: the migration has written some item files, not all.
        await waitFor(async () => (await readdir(itemsDir).catch(() => [])).length >= 100);
        expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
        // Killed before the commit point: the old file is still the one in charge.
        await expect(stat(manifest)).rejects.toThrow(/ENOENT/);
        expect((await readdir(itemsDir)).length).toBeLessThan(MIGRATION_TASKS);
        const second = await apiProcesses.start({ collabDir, startTimeoutMs: 240_000 });
        const client = createKyrosClient({ baseUrl: second.url, credential: second.token }).collab;
        const { data } = await client.getState('tasks');
        expect(data.version).toBe(board.version);
        expect(data.tasks.length).toBe(board.tasks.length);
        data.tasks.forEach((task, i) => expect(task, task.id).toEqual(board.tasks[i]));
        await expect(stat(path.join(collabDir, 'state', 'tasks.json'))).rejects.toThrow(/ENOENT/);
        expect(await readdir(itemsDir)).toHaveLength(MIGRATION_TASKS);
        await second.kill('SIGTERM');
      } finally {
        await rm(collabDir, { recursive: true, force: true });
      }
    },
  );
});

/** `count` tasks shaped like the repository's seed tasks, as the old layout kept them. */
async function writeOldLayoutBoard(collabDir: string, count: number): Promise<TasksDocument> {
  const seed = TasksDocumentSchema.parse(
    JSON.parse(await readFile(new URL('state/tasks.json', COLLAB_SEED), 'utf8')),
  );
  const tasks = Array.from({ length: count }, (_, i) => {
    const template = seed.tasks[i % seed.tasks.length];
    if (!template) throw new Error('the seed holds no tasks');
    return { ...template, id: `T-${i + 1}`, dependencies: [], version: 1 + (i % 7) };
  });
  const board: TasksDocument = { version: 42, tasks };
  await mkdir(path.join(collabDir, 'state'), { recursive: true });
  await writeFile(path.join(collabDir, 'state', 'tasks.json'), JSON.stringify(board, null, 2));
  return board;
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
