import { Client, Connection } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { readinessProbe } from '@kyros/workflows/readiness-probe';
import type { TemporalDevServer } from '@kyros/scripts/temporal-dev-server';
import { startTsChild } from '@kyros/scripts/ts-child-process';
import { test } from '@kyros/test-support/fixtures/integration-test';

describe('the worker process', () => {
  let temporal: TemporalDevServer;

  test.beforeAll(({ temporal: server }) => {
    temporal = server;
  });

  test('serves the kyros task queue and exits cleanly on SIGTERM', async () => {
    const worker = startTsChild({
      name: 'the worker',
      entry: 'activities/src/worker.ts',
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: temporal.address,
        DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
      },
    });
    const exited = worker.exited.then((exit) => exit.code);

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

    void worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; name: string });
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['worker running', 'worker stopped']),
    );
    expect(lines.every((line) => line.name === 'worker')).toBe(true);
  });
});
