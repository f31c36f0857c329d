import type { KyrosWorker } from '@kyros/activities/create-worker';

/** The in-process workers a test stack started, so it can stop them all. */
export interface InProcessWorkers {
  /** Runs the worker `create` builds; {@link stopAll} stops it with the others. */
  start(create: () => Promise<KyrosWorker>): Promise<KyrosWorker>;
  /** Shuts down every worker started so far (they finish in-flight tasks) and closes its connection. */
  stopAll(): Promise<void>;
}

export function inProcessWorkers(): InProcessWorkers {
  const workers: { kyros: KyrosWorker; running: Promise<void> }[] = [];
  return {
    async start(create) {
      const kyros = await create();
      workers.push({ kyros, running: kyros.worker.run() });
      return kyros;
    },
    async stopAll() {
      const stopping = workers.splice(0);
      for (const { kyros } of stopping) {
        if (kyros.worker.getState() === 'RUNNING') kyros.worker.shutdown();
      }
      await Promise.allSettled(stopping.map(({ running }) => running));
      await Promise.allSettled(stopping.map(({ kyros }) => kyros.connection.close()));
    },
  };
}
