import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
