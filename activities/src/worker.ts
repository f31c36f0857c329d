import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import { activityDepsFrom, createKyrosWorker } from './create-worker.ts';
import { createWorkerLogger } from './worker-logger.ts';

// The worker process: runs until SIGINT/SIGTERM, then shuts down gracefully (Runtime's own
// signal handling calls worker.shutdown(), which drains in-flight tasks within shutdownGraceTime).
const config = requireServices(loadConfigOrExit(process.env));
Runtime.install({
  shutdownSignals: ['SIGINT', 'SIGTERM'],
  logger: createWorkerLogger(config.logLevel),
});
const activities = activityDepsFrom(config);
const { worker, connection } = await createKyrosWorker(config.temporal, { activities });
Runtime.instance().logger.info('worker running', {
  taskQueue: config.temporal.taskQueue,
  namespace: config.temporal.namespace,
  buildId: worker.options.buildId,
});
await worker.run();
await connection.close();
// An open database pool would keep the process alive after the drain.
await activities.prisma?.$disconnect();
Runtime.instance().logger.info('worker stopped');
