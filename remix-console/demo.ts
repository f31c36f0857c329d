import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, createKyrosClient, type JobsClient } from '@kyros/contracts/client';
import { loadConfig } from '@kyros/contracts/config';
import { parseEnv, type KyrosEnv } from '@kyros/contracts/env';
import { DEMO_JOBS, DEMO_METADATA, DEMO_TASKS, isFreshBoard, pathTo } from './app/lib/demo-plan.ts';

export type DemoCredentials = { email: string; password: string } | { apiKey: string };

/**
 * Who the demo signs in as: KYROS_ADMIN_EMAIL/PASSWORD, else the development admin `npm start`
 * made on a fresh install (<dataDir>/auth/first-admin.json), else KYROS_API_KEY (an admin key: the
 * demo acts for its agents with `acting_for`, docs/adr/0008).
 */
export async function demoCredentials(
  env: Pick<KyrosEnv, 'KYROS_ADMIN_EMAIL' | 'KYROS_ADMIN_PASSWORD' | 'KYROS_API_KEY'>,
  dataDir: string,
): Promise<DemoCredentials | undefined> {
  if (env.KYROS_ADMIN_EMAIL && env.KYROS_ADMIN_PASSWORD) {
    return { email: env.KYROS_ADMIN_EMAIL, password: env.KYROS_ADMIN_PASSWORD };
  }
  try {
    const saved = JSON.parse(
      await readFile(path.join(dataDir, 'auth', 'first-admin.json'), 'utf8'),
    ) as { email?: unknown; password?: unknown };
    if (typeof saved.email === 'string' && typeof saved.password === 'string') {
      return { email: saved.email, password: saved.password };
    }
  } catch {
    // No development admin file: fall through.
  }
  return env.KYROS_API_KEY ? { apiKey: env.KYROS_API_KEY } : undefined;
}

export interface DemoOutcome {
  filled: boolean;
  summary: string;
  /** Settles when the demo's jobs have run (how many started); the board is filled before. */
  jobsDone?: Promise<number>;
}

/**
 * Demo mode: fills a fresh install (an empty board, or only the seed) with a believable board,
 * busy agents, leases and jobs — through the API, like any client. Idempotent: a board that already
 * holds demo tasks, or that someone has worked on, is left alone.
 */
export async function fillDemo({
  apiUrl,
  credentials,
  waitForApiMs = 0,
}: {
  apiUrl: string;
  credentials: DemoCredentials | undefined;
  waitForApiMs?: number;
}): Promise<DemoOutcome> {
  if (!credentials) {
    return {
      filled: false,
      summary: 'skipped: set KYROS_ADMIN_EMAIL and KYROS_ADMIN_PASSWORD so the demo can sign in',
    };
  }
  await waitForApi(apiUrl, waitForApiMs);
  const token = 'apiKey' in credentials ? credentials.apiKey : await signIn(apiUrl, credentials);
  const { collab, jobs } = createKyrosClient({ baseUrl: apiUrl, credential: token });

  const { data } = await collab.getState('tasks');
  if (!isFreshBoard(data.tasks)) {
    return {
      filled: false,
      summary: 'the board is not fresh (demo tasks or real work on it); left alone',
    };
  }
  const ids: string[] = [];
  for (const { request } of DEMO_TASKS) {
    const { dependsOn, ...rest } = request;
    const created = await collab.createTask({
      ...rest,
      metadata: { ...DEMO_METADATA },
      dependencies: (dependsOn ?? []).map((index) => ids[index] as string),
    });
    ids.push(created.id);
  }
  for (const [index, demo] of DEMO_TASKS.entries()) {
    for (const to of pathTo(demo.status)) {
      // The demo's admin acts for each agent explicitly; the audit trail records it.
      const assignee = demo.request.assignee;
      await collab.transitionTask(ids[index] as string, {
        to,
        ...(assignee ? { acting_for: assignee } : {}),
      });
    }
  }
  for (const agent of ['agent-atlas', 'agent-iris', 'agent-sentinel']) {
    await collab
      .heartbeatAgent(agent, {
        status: agent === 'agent-sentinel' ? 'idle' : 'busy',
        acting_for: agent,
      })
      .catch(() => undefined);
  }
  const leases = [
    { resource: 'api/src/auth/**', acting_for: 'agent-atlas', ttl_seconds: 3600, task_id: ids[0] },
    {
      resource: 'remix-console/app/components/kanban',
      acting_for: 'agent-iris',
      ttl_seconds: 1800,
      task_id: ids[1],
    },
    { resource: 'docs/*.md', acting_for: 'agent-sentinel', ttl_seconds: 900 },
  ];
  for (const lease of leases) await collab.acquireLease(lease).catch(() => undefined);

  const presets = (await jobs.listPresets()).items;
  const planned = DEMO_JOBS.filter((demo) => presets.some((preset) => preset.name === demo.preset));
  // One job at a time in the background: the embedded Postgres serves one query at a time, and
  // a job takes seconds to draft; the board is useful before the jobs are done.
  const jobsDone = runDemoJobs(jobs, presets);
  return {
    filled: true,
    summary: `filled ${ids.length} tasks and ${leases.length} leases; starting ${planned.length} jobs one by one`,
    jobsDone,
  };
}

async function runDemoJobs(
  jobs: JobsClient,
  presets: { id: string; name: string }[],
): Promise<number> {
  let started = 0;
  for (const demo of DEMO_JOBS) {
    const preset = presets.find((candidate) => candidate.name === demo.preset);
    if (!preset) continue;
    try {
      const { id } = await jobs.createJob({ preset_id: preset.id, input: { ...demo.input } });
      started += 1;
      const detail = await settle(jobs, id);
      // Accept one job's first variant, so the Jobs page shows a finished export too.
      if (demo.accept && detail?.job.status === 'awaiting_review' && detail.variants[0]) {
        await jobs.acceptVariant(id, detail.variants[0].id);
        await settle(jobs, id);
      }
    } catch {
      // No Temporal worker (503) or a refused accept: the board is still worth showing.
    }
  }
  return started;
}

/** Waits (≤ 2 min) until the workflow stops moving the job by itself. */
async function settle(jobs: JobsClient, id: string) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const detail = await jobs.getJob(id).catch(() => undefined);
    const status = detail?.job.status;
    if (status && !['queued', 'generating', 'exporting'].includes(status)) return detail;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return undefined;
}

async function signIn(
  apiUrl: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const { auth } = createKyrosClient({ baseUrl: apiUrl });
  try {
    return (await auth.login(credentials.email, credentials.password)).access_token;
  } catch (error) {
    const status = error instanceof ApiError ? `HTTP ${error.status}` : String(error);
    throw new Error(`sign-in as ${credentials.email} answered ${status}`);
  }
}

async function waitForApi(apiUrl: string, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      const response = await fetch(`${apiUrl.replace(/\/+$/, '')}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// `npm run demo`: fills the running stack's API now (KYROS_ADMIN_EMAIL / KYROS_ADMIN_PASSWORD).
if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const env = parseEnv(process.env);
  const config = loadConfig(process.env);
  const credentials = await demoCredentials(env, config.dataDir);
  fillDemo({ apiUrl: config.api.url, credentials }).then(
    async (outcome) => {
      console.log(`[kyros demo] ${outcome.summary}`);
      if (outcome.jobsDone) console.log(`[kyros demo] ${await outcome.jobsDone} jobs ran`);
    },
    (error: unknown) => {
      console.error(`[kyros demo] failed: ${String(error)}`);
      process.exit(1);
    },
  );
}
