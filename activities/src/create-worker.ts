import { createRequire } from 'node:module';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ServicesConfig } from '@kyros/contracts/config';
import { createActivities } from './activities.ts';

const require = createRequire(import.meta.url);

export const WORKFLOWS_PATH = require.resolve('@kyros/workflows/index');

export interface KyrosWorker {
  worker: Worker;
  connection: NativeConnection;
}

/** Connects to Temporal and builds the worker for the `kyros` task queue (not yet running). */
export async function createKyrosWorker(
  temporal: ServicesConfig['temporal'],
): Promise<KyrosWorker> {
  const connection = await NativeConnection.connect({
    address: temporal.address,
    tls: temporal.tls,
    apiKey: temporal.apiKey,
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities(),
      // On SIGTERM in-flight activities get this long to finish before they are handed back.
      shutdownGraceTime: '10 seconds',
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
