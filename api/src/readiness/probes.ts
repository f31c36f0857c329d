import { randomUUID } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { READINESS_PROBE_WORKFLOW_ID } from '@kyros/contracts/temporal';
import { readinessProbe } from '@kyros/workflows/readiness-probe';
import { migrationStatus } from '@kyros/db/migrate';
import type { TemporalGateway } from '../adapters/temporal-gateway.ts';
import type { ReadinessProbe } from './run-readiness-checks.ts';

/** Reachable and migrated: `SELECT 1`, then every migration file applied, none failed or edited. */
export function databaseProbe(pool: pg.Pool): ReadinessProbe {
  return async () => {
    await pool.query('SELECT 1');
    const status = await migrationStatus({ queryable: pool });
    const problems = [
      status.pending.length > 0 && `migration(s) not applied: ${status.pending.join(', ')}`,
      status.failed.length > 0 &&
        `failed migration(s): ${status.failed.map((f) => f.name).join(', ')}`,
      status.checksumMismatch.length > 0 &&
        `applied migration(s) edited since: ${status.checksumMismatch.join(', ')}`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return `reachable; ${status.applied.length} migration(s) applied`;
  };
}

export function temporalProbe(temporal: TemporalGateway): ReadinessProbe {
  return async () => {
    await temporal.ping();
    return `namespace ${temporal.namespace}`;
  };
}

/** A real round trip: a worker on the task queue must run the probe workflow and its activity. */
export function taskQueueProbe(
  temporal: TemporalGateway,
  taskQueue: string,
  timeoutMs: number,
): ReadinessProbe {
  return async () => {
    const client = await temporal.client();
    const nonce = randomUUID();
    const handle = await client.workflow.start(readinessProbe, {
      taskQueue,
      workflowId: READINESS_PROBE_WORKFLOW_ID,
      args: [nonce],
      workflowExecutionTimeout: timeoutMs,
      // Concurrent probes join the running probe; finished ones may run again.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    const echoed: unknown = await handle.result();
    if (typeof echoed !== 'string') throw new Error('the probe workflow returned no answer');
    return `round trip on task queue ${taskQueue}`;
  };
}

/** The API is the collaboration files' only writer, so it must be able to write and fsync there. */
export function collaborationDirProbe(collabDir: string): ReadinessProbe {
  return async () => {
    const file = path.join(collabDir, `.readyz-${process.pid}-${randomUUID()}`);
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile('ok');
      await handle.sync();
    } finally {
      await handle.close();
      await unlink(file);
    }
    return collabDir;
  };
}
