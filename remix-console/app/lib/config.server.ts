import type { KyrosConfig } from '@kyros/contracts/config';
import type { AppLoadContext } from '@remix-run/node';

// server.ts reads the environment once with loadConfig and hands the result to every loader
// through the load context, so nothing under app/ reads process.env.
declare module '@remix-run/node' {
  interface AppLoadContext {
    config: KyrosConfig;
  }
}

export function createLoadContext(config: KyrosConfig): AppLoadContext {
  return { config };
}

/** Joins a path onto a base URL without dropping a path prefix the base may carry. */
export function urlOn(base: string, pathname: string): string {
  return `${base.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
}
