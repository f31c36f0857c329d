import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { longFilesFirstSequencer } from './test-support/src/vitest/long-files-first.ts';

/**
 * The collaboration store's contract (issue 16): ETags, 304/412/428 and create-only, concurrent
 * increments, leases with fencing and 12 acquirers, glob conflicts, reclaim and lease_lost, and the
 * append-only event log with SSE resume and long-poll. Each backend must pass them. The event
 * routes' suites seed the event log file; on PostgreSQL the start imports it, as a deployment
 * switching from files does (docs/adr/0018).
 */
const COLLAB_CONTRACT_SUITES = [
  'api/src/collab/routes/task-routes.integration.test.ts',
  'api/src/collab/routes/task-release-lease.integration.test.ts',
  'api/src/collab/routes/task-concurrency.integration.test.ts',
  'api/src/collab/routes/lease-routes.integration.test.ts',
  'api/src/collab/routes/bad-input-tasks.integration.test.ts',
  'api/src/collab/routes/bad-input-leases.integration.test.ts',
  'api/src/collab/events/events-routes.integration.test.ts',
  'api/src/collab/events/events-long-poll.integration.test.ts',
];

/**
 * What the database lane (`npm run test:database-lane`, docs/TESTING.md#ci) leaves out: suites
 * that no choice of database can change. The contract fuzzing checks the OpenAPI document against
 * the routes; `npm start`'s and the embedded server's tests run the embedded PostgreSQL by design;
 * the crash storm tests the files store (its API looks keys up in the database, as every suite of
 * the lane does); the rest use no database at all.
 */
const DATABASE_LANE_SKIPS =
  process.env.KYROS_TEST_LANE === 'database'
    ? [
        'scripts/src/contract/contract-fuzz.integration.test.ts',
        'scripts/src/start.integration.test.ts',
        'scripts/src/postgres/embedded-postgres.integration.test.ts',
        'api/src/collab/crash-recovery.integration.test.ts',
        'api/src/collab/events/event-log.integration.test.ts',
        'api/src/collab/store/*.integration.test.ts',
        'api/src/http/error-reporting-off.integration.test.ts',
        'activities/src/executors/**',
        'activities/src/workspace/**',
        'durable-files/**',
        'remix-console/*.integration.test.ts',
        'workflows/**',
      ]
    : [];

/**
 * Test files run two at a time (`KYROS_TEST_WORKERS` to change it): most integration files wait
 * on their own Temporal server, PostgreSQL database and API, each on free ports, so a second file
 * fills the wait; on this project's two-core machines that keeps CI inside its budget.
 */
const WORKERS = Math.max(1, Number(process.env.KYROS_TEST_WORKERS || 2) || 1);

/**
 * The files that run for minutes, longest first, start before everything else; otherwise a short
 * file that runs long (the contract fuzzing) starts last on a fresh clone and runs alone at the
 * end of the lane. A file the lane skips is simply not there to move.
 */
const LONG_FILES = [
  'scripts/src/contract/contract-fuzz.integration.test.ts',
  'api/src/collab/task-run-recovery.integration.test.ts',
  'api/src/collab/crash-recovery.integration.test.ts',
  'scripts/src/start.integration.test.ts',
];
const ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  test: {
    maxWorkers: WORKERS,
    sequence: { sequencer: longFilesFirstSequencer(ROOT, LONG_FILES) },
    projects: [
      'remix-console/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['**/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.integration.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          globalSetup: ['test-support/src/database/test-postgres-setup.ts'],
          setupFiles: ['test-support/src/integration-setup.ts'],
          exclude: ['**/node_modules/**', ...DATABASE_LANE_SKIPS],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: WORKERS > 1,
        },
      },
      {
        // The collaboration contract suite on the PostgreSQL backend (docs/TESTING.md): the same
        // files the integration project runs on the files backend.
        test: {
          name: 'collab-postgres',
          include: COLLAB_CONTRACT_SUITES,
          env: { KYROS_TEST_COLLAB_STORE: 'postgres' },
          globalSetup: ['test-support/src/database/test-postgres-setup.ts'],
          setupFiles: ['test-support/src/integration-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: WORKERS > 1,
        },
      },
    ],
  },
});
