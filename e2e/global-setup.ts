import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { ADMIN_STORAGE_STATE, STACK_ENV, STACK_LOG } from './support/paths.ts';
import { provisionThroughTheApi, signInThroughTheConsole } from './support/provision.ts';
import { ensureChromium, startStack } from './support/stack.ts';

/**
 * Starts the real product for the run and signs the admin in once; the returned function is the
 * global teardown (stops every process, removes the data directory and the test database).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  await ensureChromium();
  const admin = {
    email: process.env.KYROS_ADMIN_EMAIL || 'admin@e2e.kyros.local',
    password: process.env.KYROS_ADMIN_PASSWORD || `e2e-${randomBytes(12).toString('hex')}`,
  };
  const started = Date.now();
  const stack = await startStack({ logFile: STACK_LOG });
  console.log(
    `[e2e] stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${stack.database}: ` +
      `console ${stack.consoleUrl}, API ${stack.apiUrl} (log ${STACK_LOG})`,
  );
  try {
    const apiKey = await provisionThroughTheApi(stack.apiUrl, stack.firstAdmin, admin);
    // Naming the first admin's own email means "sign in as the first admin", password and all.
    const signedIn = admin.email === stack.firstAdmin.email ? stack.firstAdmin : admin;
    await signInThroughTheConsole(stack.consoleUrl, signedIn, ADMIN_STORAGE_STATE);
    Object.assign(process.env, {
      [STACK_ENV.consoleUrl]: stack.consoleUrl,
      [STACK_ENV.apiUrl]: stack.apiUrl,
      [STACK_ENV.apiKey]: apiKey,
      [STACK_ENV.adminEmail]: signedIn.email,
      [STACK_ENV.adminPassword]: signedIn.password,
      [STACK_ENV.database]: stack.database,
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return async () => {
    await stack.stop();
    await rm(path.dirname(ADMIN_STORAGE_STATE), { recursive: true, force: true });
  };
}
