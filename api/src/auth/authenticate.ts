import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import type { AuthDeps } from './auth-deps.ts';
import { CredentialError } from './credential-error.ts';
import { authenticateCredential } from './operations/authenticate-credential.ts';

/** Routes anyone may call: probes, the API description, and getting a session. */
const PUBLIC_PATHS = new Set([
  '/healthz',
  '/readyz',
  '/openapi.json',
  '/auth/login',
  '/auth/refresh',
  '/auth/logout',
  // Authenticated by Slack's request signature and the Slack user's link, not by a credential.
  '/channels/slack/commands',
]);

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path === '/docs' || path.startsWith('/docs/');
}

/** `WWW-Authenticate` of a 401 (RFC 6750 §3), naming both ways in. */
export function challenge(error?: { reason: string; message: string }): string {
  const bearer = error
    ? `Bearer realm="kyros", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`
    : 'Bearer realm="kyros"';
  return `${bearer}, ApiKey realm="kyros", header="X-Api-Key"`;
}

/**
 * Establishes `req.principal` from `Authorization: Bearer <access JWT | API key>` or
 * `X-Api-Key: <API key>`. No credential leaves the request anonymous (routes that need a role then
 * answer 401); a credential that does not check out is a 401 here, whatever the route.
 */
export function authenticate(auth: AuthDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPublicPath(req.path)) {
      next();
      return;
    }
    let credential: string | undefined;
    try {
      credential = credentialOf(req);
    } catch (error) {
      res.set('WWW-Authenticate', challenge());
      next(error);
      return;
    }
    if (credential === undefined) {
      next();
      return;
    }
    authenticateCredential({ deps: auth, credential }).then(
      (principal) => {
        req.principal = principal;
        next();
      },
      (error: unknown) => {
        if (error instanceof CredentialError) {
          res.set('WWW-Authenticate', challenge({ reason: error.reason, message: error.message }));
        }
        next(error);
      },
    );
  };
}

function credentialOf(req: Request): string | undefined {
  const header = req.get('authorization');
  const apiKey = req.get('x-api-key');
  if (header !== undefined) {
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError(
        'unauthorized',
        'Authorization must be "Bearer <access token or API key>"',
      );
    }
    return match[1];
  }
  if (apiKey !== undefined) {
    const key = apiKey.trim();
    if (key.length === 0) throw new AppError('unauthorized', 'X-Api-Key is empty');
    return key;
  }
  return undefined;
}
