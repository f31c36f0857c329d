import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  ActivityFailure,
  ApplicationFailure,
  Client,
  Connection,
  WorkflowFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonColumn, type JobStatus, type StoredJobInput } from '@kyros/contracts/schemas/jobs';
import { createPrismaClient, type PrismaClient } from '@kyros/db/client';
import { applyMigrations } from '@kyros/db/migrate';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { startTestTemporal } from '@kyros/test-support/temporal/test-temporal';
import {
  acceptUpdate,
  jobProgressQuery,
  jobWorkflowId,
  type JobWorkflowInput,
} from '@kyros/workflows/job-workflow-api';
import { jobWorkflow } from '@kyros/workflows/job-workflow';
import { WORKFLOWS_PATH } from '../create-worker.ts';
import { createJobActivities } from './job-activities.ts';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The pause between two looks at a condition the test waits for (not a timing assumption). */
const nextPoll = () => new Promise((resolve) => setTimeout(resolve, 50));

const STORED_INPUT: StoredJobInput = {
  values: { version: '2.0', changes: ['faster', 'safer'] },
  preset: {
    name: 'release-notes',
    template: '## Release {{version}}\n\n{{changes}}',
    format: 'markdown',
  },
};

/**
 * The job workflow and its real activities on a real Temporal dev server and a real PostgreSQL,
 * whose connections the test terminates under them.
 */
describe('job activities under database faults', () => {
  let db: TestDatabase;
  let server: TemporalDevServer;
  let root: string;
  let prisma: PrismaClient;
  let workerPrisma: PrismaClient;
  let admin: pg.Client;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `job-faults-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations({ connectionString: db.url, schemaEngineBinary: null });
    server = await startTestTemporal();
    root = await mkdtemp(path.join(os.tmpdir(), 'kyros-job-faults-'));
    prisma = createPrismaClient({ connectionString: db.url, poolSize: 2 });
    workerPrisma = createPrismaClient({ connectionString: db.url, poolSize: 3 });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    client = new Client({ connection: await Connection.connect({ address: server.address }) });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: server.address }),
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createJobActivities({
        prisma: workerPrisma,
        artifactsDir: path.join(root, 'artifacts'),
        databaseUrl: db.url,
      }),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
    await admin?.end();
    await workerPrisma?.$disconnect();
    await prisma?.$disconnect();
    await server?.stop();
    await db?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function createJobRow(status: JobStatus = 'queued', id: string = randomUUID()) {
    await prisma.job.create({
      data: { id, status, variantCount: 2, input: jsonColumn(STORED_INPUT) },
    });
    return id;
  }

  function startJob(jobId: string): Promise<WorkflowHandle<typeof jobWorkflow>> {
    return client.workflow.start(jobWorkflow, {
      workflowId: jobWorkflowId(jobId),
      taskQueue,
      args: [{ jobId, reviewTimeoutSeconds: 3600 } satisfies JobWorkflowInput],
    });
  }

  /** Polls the workflow's progress query until it reports `phase`. */
  async function phaseReached(handle: WorkflowHandle, phase: string): Promise<string[]> {
    for (;;) {
      const progress = await handle.query(jobProgressQuery);
      if (progress.phase === phase) return progress.variantIds;
      if (progress.phase === 'failed') throw new Error(`job failed: ${progress.error ?? ''}`);
      await nextPoll();
    }
  }

  /** The pid of a backend of this database blocked on a lock (the worker's query). */
  async function lockWaiter(): Promise<number> {
    for (;;) {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]) return rows[0].pid;
      await nextPoll();
    }
  }

  /** Every attempt of activity `type` after its first, with the failure that preceded it. */
  async function retriesOf(handle: WorkflowHandle, type: string) {
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = new Set(
      events
        .filter((event: HistoryEvent) => {
          return event.activityTaskScheduledEventAttributes?.activityType?.name === type;
        })
        .map((event: HistoryEvent) => String(event.eventId)),
    );
    return events.flatMap((event: HistoryEvent) => {
      const started = event.activityTaskStartedEventAttributes;
      if (!started || !scheduled.has(String(started.scheduledEventId))) return [];
      return [
        {
          attempt: started.attempt,
          failureType: started.lastFailure?.applicationFailureInfo?.type,
          nonRetryable: started.lastFailure?.applicationFailureInfo?.nonRetryable ?? false,
          causeMessage: started.lastFailure?.cause?.message,
        },
      ];
    });
  }

  it('a status move whose connection is terminated mid-query retries, and the job reaches done', async () => {
    const jobId = await createJobRow();
    // The worker's first read of the job blocks on this lock; the test kills its connection there.
    // (Another session than `admin`: a transaction sees one snapshot of pg_stat_activity.)
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    let handle: WorkflowHandle<typeof jobWorkflow>;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE');
      handle = await startJob(jobId);
      await admin.query('SELECT pg_terminate_backend($1)', [await lockWaiter()]);
    } finally {
      await holder.end();
    }

    const variantIds = await phaseReached(handle, 'awaiting_review');
    expect(variantIds).toHaveLength(2);
    await handle.executeUpdate(acceptUpdate, {
      args: [{ variantId: variantIds[0] ?? '', actor: 'user:test@example.com' }],
    });
    const outcome = await handle.result();
    expect(outcome).toMatchObject({ outcome: 'done', acceptedVariantId: variantIds[0] });
    expect((await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('done');

    const [moveToGenerating] = await retriesOf(handle, 'setJobStatus');
    expect(moveToGenerating).toMatchObject({
      attempt: 2,
      failureType: 'DatabaseUnavailable',
      nonRetryable: false,
    });
    expect(moveToGenerating?.causeMessage).toContain('57P01');
  });

  it('a job row a read does not find is retried, not final, and the job goes on once it is there', async () => {
    const jobId = randomUUID();
    const handle = await startJob(jobId);
    for (;;) {
      const pending = (await handle.describe()).raw.pendingActivities?.[0];
      if ((pending?.attempt ?? 0) >= 2) {
        expect(pending?.lastFailure?.applicationFailureInfo).toMatchObject({
          type: 'JobNotFound',
          nonRetryable: false,
        });
        break;
      }
      await nextPoll();
    }
    await createJobRow('queued', jobId);
    expect(await phaseReached(handle, 'awaiting_review')).toHaveLength(2);
    await handle.terminate('the test has seen what it needed');
  });

  it('a refusal is final: WorkflowFailedError → ActivityFailure → ApplicationFailure, one attempt', async () => {
    // Someone else finished the job: moving it to generating is illegal and stays illegal.
    const jobId = await createJobRow('done');
    const handle = await startJob(jobId);
    const error = await handle.result().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'IllegalJobTransition', nonRetryable: true });
    expect(await retriesOf(handle, 'setJobStatus')).toEqual([
      { attempt: 1, failureType: undefined, nonRetryable: false, causeMessage: undefined },
      { attempt: 1, failureType: undefined, nonRetryable: false, causeMessage: undefined },
    ]);
  });
});
