import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import { activityDepsFrom, createKyrosWorker } from '@kyros/activities/create-worker';
import { createWorkerLogger } from '@kyros/activities/worker-logger';

// A worker process for crash tests: the same worker the product runs, with task activities,
// in a child process the test can SIGKILL mid-activity.
const config = requireServices(loadConfigOrExit(process.env));
Runtime.install({ logger: createWorkerLogger(config.logLevel) });
const { worker, connection } = await createKyrosWorker(config.temporal, {
  activities: activityDepsFrom(config),
});
Runtime.instance().logger.info('worker running', { buildId: worker.options.buildId });
await worker.run();
await connection.close();
