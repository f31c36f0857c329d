import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessProbe } from '@kyros/workflows/readiness-probe';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { PROJECT_ROOT, startTestTemporal } from '@kyros/test-support/temporal/test-temporal';

describe('the worker process', () => {
  let temporal: TemporalDevServer;

  beforeAll(async () => {
    temporal = await startTestTemporal();
  });
  afterAll(async () => {
    await temporal?.stop();
  });

  it('serves the kyros task queue and exits cleanly on SIGTERM', async () => {
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'activities/src/worker.ts')],
      {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH,
          TEMPORAL_ADDRESS: temporal.address,
          DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));

    const connection = await Connection.connect({ address: temporal.address });
    try {
      const echoed: unknown = await new Client({ connection }).workflow.execute(readinessProbe, {
        taskQueue: 'kyros',
        workflowId: 'worker-process-test',
        args: ['ping'],
        workflowExecutionTimeout: '60 seconds',
      });
      expect(echoed).toBe('ping');
    } finally {
      await connection.close();
    }

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; name: string });
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['worker running', 'worker stopped']),
    );
    expect(lines.every((line) => line.name === 'worker')).toBe(true);
  });
});
