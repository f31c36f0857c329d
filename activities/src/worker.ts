import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';
import { activityDepsFrom, createKyrosWorker } from './create-worker.ts';
import { reportActivityErrors } from './report-activity-errors.ts';
import { createWorkerLogger } from './worker-logger.ts';

// The worker process: runs until SIGINT/SIGTERM, then shuts down gracefully (Runtime's own
// signal handling calls worker.shutdown(), which drains in-flight tasks within shutdownGraceTime).
const config = requireServices(loadConfigOrExit(process.env));
Runtime.install({
  shutdownSignals: ['SIGINT', 'SIGTERM'],
  logger: createWorkerLogger(config.logLevel),
});
const errors = await startErrorReporting({
  sentry: config.sentry,
  service: 'worker',
  secrets: [config.auth.apiKey],
});
const activities = activityDepsFrom(config);
const { worker, connection } = await createKyrosWorker(config.temporal, {
  activities,
  ...(errors ? { wrapActivities: reportActivityErrors(errors) } : {}),
});
Runtime.instance().logger.info('worker running', {
  taskQueue: config.temporal.taskQueue,
  namespace: config.temporal.namespace,
  buildId: worker.options.buildId,
});
await worker.run();
await connection.close();
// An open database pool would keep the process alive after the drain.
await activities.prisma?.$disconnect();
await errors?.flush();
Runtime.instance().logger.info('worker stopped');
