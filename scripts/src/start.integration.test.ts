import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READINESS_PROBE_WORKFLOW_ID } from '@kyros/contracts/temporal';
import { LEASE_REAPER_SCHEDULE_ID } from '@kyros/workflows/task-workflow-api';
import { freePort } from './free-port.ts';
import {
  freeProductPorts,
  startKyros,
  waitForOutput,
} from '@kyros/test-support/stacks/kyros-process';
import { testTemporalCli } from '@kyros/test-support/temporal/test-temporal';

describe('npm start fails fast with one clear line', () => {
  it('names a variable with a bad value', async () => {
    const run = startKyros({ API_PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Invalid configuration: API_PORT');
  });

  it('refuses an unreachable TEMPORAL_ADDRESS instead of hanging', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-start-'));
    const run = startKyros({
      KYROS_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      KYROS_POSTGRES_PORT: String(await freePort()),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Temporal is not reachable at TEMPORAL_ADDRESS=127.0.0.1:1');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses an unreachable DATABASE_URL instead of hanging', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-start-'));
    const port = await freePort();
    const run = startKyros({
      KYROS_DATA_DIR: dataDir,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nowhere`,
      TEMPORAL_CLI: await testTemporalCli(),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      `PostgreSQL is not reachable at DATABASE_URL=postgresql://postgres@127.0.0.1:${port}/nowhere`,
    );
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('npm start on embedded defaults', () => {
  let dataDir: string;
  let ports: Record<string, number>;
  let env: Record<string, string>;
  let firstProbeRunId = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-start-'));
    ports = await freeProductPorts();
    env = {
      KYROS_DATA_DIR: dataDir,
      TEMPORAL_CLI: await testTemporalCli(),
      ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
    };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('becomes ready, serves every front door, and stops every child on SIGINT', async () => {
    const run = startKyros(env);
    try {
      await waitForOutput(run, 'Kyros is ready in');
      const readyz = await fetch(`http://127.0.0.1:${ports.API_PORT}/readyz`);
      expect(readyz.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${ports.CONSOLE_PORT}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${ports.TERMINAL_PORT}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);
      expect(run.output()).toContain(
        `Console       http://127.0.0.1:${ports.CONSOLE_PORT}   (production build)`,
      );
      // npm start serves the console's production build: fingerprinted assets, no Vite client.
      const loginPage = await (await fetch(`http://127.0.0.1:${ports.CONSOLE_PORT}/login`)).text();
      expect(loginPage).toMatch(/<link rel="stylesheet" href="\/assets\/app-[\w-]+\.css"\/>/);
      expect(loginPage).not.toContain('/@vite/client');
      // The readiness round trip is a real workflow run, visible in Temporal (and its UI).
      const connection = await Connection.connect({
        address: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`,
      });
      const described = await new Client({ connection }).workflow
        .getHandle(READINESS_PROBE_WORKFLOW_ID)
        .describe();
      expect(described.status.name).toBe('COMPLETED');
      firstProbeRunId = described.runId;
      // The API owns every Temporal Schedule (ADR 0009): it ensures the lease reaper at start-up.
      const reaper = new Client({ connection }).schedule.getHandle(LEASE_REAPER_SCHEDULE_ID);
      await expect
        .poll(() => reaper.describe().then((schedule) => schedule.action.workflowType, String), {
          timeout: 30_000,
        })
        .toBe('leaseReaperWorkflow');
      await connection.close();
      // The runtime copy of the collaboration seed is written (and migrated by the API into
      // one file per task, docs/adr/0017); the repository copy is not.
      const seeded = await readFile(
        path.join(dataDir, 'collaboration', 'state', 'tasks', 'items', 'T-100.json'),
        'utf8',
      );
      expect(seeded).toContain('T-100');
      // Development mode made the first admin and printed its credentials, which sign in.
      const shown = /Admin {9}(\S+) \/ (\S+)/.exec(run.output());
      expect(shown?.[1]).toBe('admin@kyros.local');
      const login = await fetch(`http://127.0.0.1:${ports.API_PORT}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: shown?.[1], password: shown?.[2] }),
      });
      expect(login.status).toBe(200);
      const { access_token: token } = (await login.json()) as { access_token: string };
      const keys = await fetch(`http://127.0.0.1:${ports.API_PORT}/auth/api-keys`, {
        headers: { authorization: `Bearer ${token}` },
      });
      // The worker got a service key of its own, minted at start-up: it acts only as workflows.
      // The terminal daemon got one too, to redeem tickets (docs/TERMINAL.md).
      const { api_keys: minted } = (await keys.json()) as { api_keys: unknown[] };
      expect(minted).toHaveLength(2);
      expect(minted).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'worker',
            role: 'agent',
            service: true,
            agent_id: null,
            revoked: false,
          }),
          expect.objectContaining({
            name: 'terminal-daemon',
            role: 'agent',
            service: false,
            revoked: false,
          }),
        ]),
      );
      expect((await fetch(`http://127.0.0.1:${ports.API_PORT}/collab/agents`)).status).toBe(401);
    } finally {
      run.child.kill('SIGINT');
      // A failed check above must not leave the product running into the next test.
      await run.exited;
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('[kyros] stopped');
    for (const port of Object.values(ports)) {
      const stillServing = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      expect(stillServing, `port ${port} still answers after stop`).toBe(false);
    }
  });

  it('keeps the data across a restart', async () => {
    const marker = path.join(dataDir, 'collaboration', 'state', 'marker.txt');
    await writeFile(marker, 'written between runs');
    // A data directory from the PGlite era: left alone, and said so once.
    await mkdir(path.join(dataDir, 'pglite'));
    const run = startKyros(env);
    try {
      await waitForOutput(run, 'Kyros is ready in');
      expect(run.output()).toContain('database schema is up to date');
      expect(run.output()).not.toContain('seeded');
      expect(run.output()).toContain(
        `${path.join(dataDir, 'pglite')} holds a PGlite database from an earlier Kyros; it is left untouched`,
      );
      // The password is shown once; a restart says where it was saved.
      expect(run.output()).toContain(
        `credentials of the first admin are in ${path.join(dataDir, 'auth', 'first-admin.json')}`,
      );
      expect(run.output()).not.toMatch(/admin@kyros\.local \//);
      expect(await readFile(marker, 'utf8')).toBe('written between runs');
      const password = (await readFile(path.join(dataDir, 'postgres', 'password'), 'utf8')).trim();
      const db = new pg.Client({
        connectionString: `postgresql://postgres:${password}@127.0.0.1:${ports.KYROS_POSTGRES_PORT}/kyros`,
      });
      await db.connect();
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      await db.end();
      expect(rows[0]?.n).toBeGreaterThan(0);
      const connection = await Connection.connect({
        address: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`,
      });
      // The probe run of the first start survived in Temporal's SQLite file.
      const earlier = await new Client({ connection }).workflow
        .getHandle(READINESS_PROBE_WORKFLOW_ID, firstProbeRunId)
        .describe();
      await connection.close();
      expect(earlier.status.name).toBe('COMPLETED');
    } finally {
      run.child.kill('SIGINT');
      // A failed check above must not leave the product running into the next test.
      await run.exited;
    }
    expect(await run.exited).toBe(0);
  });
});
