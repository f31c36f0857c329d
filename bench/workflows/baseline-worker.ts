import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createWorkerLogger } from '@kyros/activities/worker-logger';
import { BASELINE_TASK_QUEUE, baselineActivities } from './baseline-activities.ts';

// A child process of `npm run bench:workflows`: the worker for the bare baseline workflow, in a
// process of its own like the Kyros worker, so both sides pay the same process boundaries.
const address = process.env.TEMPORAL_ADDRESS;
if (!address) throw new Error('TEMPORAL_ADDRESS is required');
Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: createWorkerLogger('warn') });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue: BASELINE_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./baseline-workflow.ts', import.meta.url)),
  activities: baselineActivities,
});
await worker.run();
await connection.close();
