import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { requestLogger } from './http/request-logger.ts';
import { notFoundHandler, problemMiddleware } from './http/problem-middleware.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import type { ReadinessProbes } from './readiness/run-readiness-checks.ts';
import { docsRoutes } from './routes/docs-routes.ts';
import { healthModule } from './routes/health-routes.ts';
import type { ApiModule } from './api-module.ts';

export interface AppDependencies {
  logger: Logger;
  probes: ReadinessProbes;
  readinessTimeoutMs: number;
  publicUrl: string;
  /** The capabilities beyond health and docs (collaboration, jobs, …), mounted in order. */
  modules?: ApiModule[];
}

/** Builds the API from its dependencies; the caller owns their lifecycle. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogger(deps.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI's bundle is served locally but sets inline styles.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(
    express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }),
  );
  const modules = [healthModule(deps.probes, deps.readinessTimeoutMs), ...(deps.modules ?? [])];
  for (const module of modules) app.use(module.router);
  app.use(docsRoutes(buildOpenApiDocument(deps.publicUrl, modules)));
  app.use(notFoundHandler);
  app.use(problemMiddleware);
  return app;
}
