import { randomUUID } from 'node:crypto';
import type { KyrosConfig } from '@kyros/contracts/config';
import type { AppLoadContext } from '@remix-run/node';

// server.ts reads the environment once with loadConfig and hands the result to every loader
// through the load context, so nothing under app/ reads process.env.
declare module '@remix-run/node' {
  interface AppLoadContext {
    config: KyrosConfig;
    /** Signs the session cookie; from KYROS_CONSOLE_SESSION_SECRET or random per process in dev. */
    sessionSecret: string;
    /** config/flags.json or KYROS_CONSOLE_FLAGS_FILE, absolute; read on each request. */
    flagsFile: string;
    /** This request's id (echoed as X-Request-Id), which browser error reports carry as a tag. */
    requestId: string;
    /** The nonce this answer's CSP allows inline scripts with (security-headers.ts). */
    cspNonce?: string;
  }
}

export function createLoadContext(
  config: KyrosConfig,
  sessionSecret: string,
  flagsFile: string = DEFAULT_FLAGS_FILE,
  requestId: string = randomUUID(),
  cspNonce?: string,
): AppLoadContext {
  return { config, sessionSecret, flagsFile, requestId, ...(cspNonce ? { cspNonce } : {}) };
}

/** `config/flags.json` at the repository root (two levels above this file's app/lib/). */
export const DEFAULT_FLAGS_FILE = new URL('../../../config/flags.json', import.meta.url).pathname;

/** Joins a path onto a base URL without dropping a path prefix the base may carry. */
export function urlOn(base: string, pathname: string): string {
  return `${base.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
}
