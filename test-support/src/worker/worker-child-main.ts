import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import type { PrismaClient } from '@kyros/db/client';
import { activityDepsFrom, createKyrosWorker } from '@kyros/activities/create-worker';
import { createWorkerLogger } from '@kyros/activities/worker-logger';
import { holdUntilCancelled } from './executor-faults.ts';
import { HELD_MARKER, type WorkerChildHold } from './worker-child.ts';

// A worker process for crash tests: the same worker the product runs, with task activities,
// in a child process the test can SIGKILL mid-activity. `--hold=<where>` makes the first
// activity to get there stop, say so on stdout, and wait to be killed.
const hold = process.argv.find((arg) => arg.startsWith('--hold='))?.slice('--hold='.length) as
  WorkerChildHold | undefined;
const config = requireServices(loadConfigOrExit(process.env));
Runtime.install({ logger: createWorkerLogger(config.logLevel) });
const deps = activityDepsFrom(config);
if (hold === 'first-variant' && deps.prisma) deps.prisma = holdAfterFirstVariant(deps.prisma);
const { worker, connection } = await createKyrosWorker(config.temporal, {
  activities: deps,
  ...(hold === 'task-executor'
    ? {
        wrapActivities: (activities) => ({
          ...activities,
          runTaskExecutor: (input) => {
            announceHeld();
            return holdUntilCancelled(input.executor.name);
          },
        }),
      }
    : {}),
});
Runtime.instance().logger.info('worker running', { buildId: worker.options.buildId });
await worker.run();
await connection.close();

function announceHeld(): void {
  process.stdout.write(`${HELD_MARKER}\n`);
}

/** Job generation writes its variant rows one by one: the first row lands, then the write stops. */
function holdAfterFirstVariant(prisma: PrismaClient): PrismaClient {
  let held = false;
  return prisma.$extends({
    query: {
      variant: {
        async createMany({ args, query }) {
          const written = await query(args);
          if (!held) {
            held = true;
            announceHeld();
            await new Promise<never>(() => {});
          }
          return written;
        },
      },
    },
  }) as unknown as PrismaClient;
}
