import { defineProject } from 'vitest/config';

export default defineProject({
  root: import.meta.dirname,
  esbuild: { jsx: 'automatic' },
  test: {
    name: 'console',
    environment: 'jsdom',
    // Component tests run in jsdom; server-module tests opt into node with a @vitest-environment docblock.
    include: ['app/**/*.test.{ts,tsx}'],
    setupFiles: ['./app/test-setup.ts'],
  },
});
