import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// Single fetch changes what loaders return (plain objects, no json()); this tells the types.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  // Pre-bundle every browser dependency when the dev server starts. Left to discovery, Vite finds
  // zod (through @kyros/contracts) on the first page that uses it, re-bundles and reloads that
  // page mid-use; on a fresh clone that cost the E2E login its form.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      '@remix-run/node',
      '@remix-run/react',
      'zod',
      // Imported dynamically, and only with SENTRY_DSN (app/lib/browser-error-reporting.ts).
      '@sentry/browser',
    ],
  },
  plugins: [
    tailwindcss(),
    remix({
      // Every v3 flag is on so the move to React Router 7 framework mode is a rename (ADR 0004).
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
});
