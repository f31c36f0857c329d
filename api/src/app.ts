import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { jsonBody } from './http/json-body.ts';
import { requestLogger } from './http/request-logger.ts';
import type { ErrorReporter } from '@kyros/contracts/error-reporting';
import { notFoundHandler, problemMiddleware } from './http/problem-middleware.ts';
import { reportServerErrors } from './http/report-server-errors.ts';
import { withSecurity } from './auth/openapi-security.ts';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/openapi-document.ts';
import type { ReadinessProbes } from './readiness/run-readiness-checks.ts';
import { docsModule } from './routes/docs-routes.ts';
import { healthModule } from './routes/health-routes.ts';
import { literalPathMethods, type ApiModule } from './api-module.ts';

export interface AppDependencies {
  logger: Logger;
  probes: ReadinessProbes;
  readinessTimeoutMs: number;
  publicUrl: string;
  /** The capabilities beyond health and docs (collaboration, jobs, …), mounted in order. */
  modules?: ApiModule[];
  /**
   * Runs before every module (api/src/auth/open-auth.ts): sets `req.principal` from the request's
   * credential and rate-limits per principal. Without it every role-checked route answers 401.
   */
  authentication?: RequestHandler[];
  /** Told about every 5xx (Sentry when SENTRY_DSN is set; docs/DEPLOYMENT.md). */
  errorReporter?: ErrorReporter | undefined;
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
  // express.json's behaviour and errors, with a lean path for plain JSON bodies (json-body.ts).
  app.use(jsonBody({ limitBytes: 1024 * 1024 }));
  const modules = [
    healthModule(deps.probes, deps.readinessTimeoutMs),
    ...(deps.modules ?? []),
    docsModule(() => document),
  ];
  const document: OpenApiDocument = withSecurity(buildOpenApiDocument(deps.publicUrl, modules));
  for (const handler of deps.authentication ?? []) app.use(handler);
  app.use(literalPathMethods(document.paths ?? {}));
  for (const module of modules) app.use(module.router);
  app.use(notFoundHandler);
  if (deps.errorReporter) app.use(reportServerErrors(deps.errorReporter));
  app.use(problemMiddleware);
  return app;
}
