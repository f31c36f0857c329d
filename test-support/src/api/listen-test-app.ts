import type { RequestHandler } from 'express';
import { pino } from 'pino';
import type { ErrorReporter } from '@kyros/contracts/error-reporting';
import { createApp } from '@kyros/api/app';
import type { ApiModule } from '@kyros/api/api-module';
import { listen } from '@kyros/api/http/listen';

/** A test API listening on an ephemeral loopback port. */
export interface TestApp {
  url: string;
  /**
   * Stops accepting connections, calls `endStreams` (SSE streams, long-polls), drops the
   * connections still open and resolves once the server has closed.
   */
  close(endStreams?: () => void): Promise<void>;
}

/**
 * The app factory with the given authentication and modules, silent logs and readiness probes
 * that always pass (readiness is not under test), listening on 127.0.0.1 and a free port.
 */
export async function listenTestApp(options: {
  authentication: RequestHandler[];
  modules: ApiModule[];
  errorReporter?: ErrorReporter;
}): Promise<TestApp> {
  const ready = () => Promise.resolve('not under test');
  const app = createApp({
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: { database: ready, temporal: ready, task_queue: ready, collaboration_dir: ready },
    authentication: options.authentication,
    modules: options.modules,
    errorReporter: options.errorReporter,
  });
  const { server, url } = await listen(app, 0, '127.0.0.1');
  return {
    url,
    close(endStreams) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      endStreams?.();
      server.closeAllConnections();
      return closed;
    },
  };
}
