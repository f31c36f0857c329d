import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything a run leaves behind (git-ignored): screenshots, traces, videos, the stack's log. */
export const ARTIFACTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'artifacts',
);
export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');
export const STACK_LOG = path.join(ARTIFACTS_DIR, 'stack.log');
/** The signed-in admin's cookies, written by the global setup, loaded by every test context. */
export const ADMIN_STORAGE_STATE = path.join(ARTIFACTS_DIR, '.auth', 'admin.json');

/** How the global setup hands the running stack to the test workers (they inherit its env). */
export const STACK_ENV = {
  consoleUrl: 'KYROS_E2E_CONSOLE_URL',
  apiUrl: 'KYROS_E2E_API_URL',
  apiKey: 'KYROS_E2E_API_KEY',
  adminEmail: 'KYROS_E2E_ADMIN_EMAIL',
  adminPassword: 'KYROS_E2E_ADMIN_PASSWORD',
  database: 'KYROS_E2E_DATABASE',
} as const;

export function stackEnv(name: keyof typeof STACK_ENV): string {
  const value = process.env[STACK_ENV[name]];
  if (!value)
    throw new Error(`${STACK_ENV[name]} is unset: run the suite through playwright.config.ts`);
  return value;
}
