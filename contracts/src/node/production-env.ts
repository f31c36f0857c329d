import type { KyrosEnv } from './env.ts';

/** The Kyros processes a deployment runs, by their entry points (relative to the repository). */
export const KYROS_ENTRY_POINTS = {
  api: 'api/src/main.ts',
  worker: 'activities/src/worker.ts',
  console: 'remix-console/server.ts',
  'terminal-daemon': 'terminal-daemon/src/main.ts',
  migrate: 'db:migrate',
  'collab-seed': 'scripts/src/compose/seed-collaboration-cli.ts',
  'service-key': 'scripts/src/compose/mint-service-key-cli.ts',
} as const;

export type KyrosProcess = keyof typeof KYROS_ENTRY_POINTS;

/**
 * What each process cannot run without under NODE_ENV=production, where nothing is embedded or
 * generated: the API and the worker call requireServices, the API and the key minting refuse
 * without KYROS_JWT_SECRET, the console without its session secret, and the worker's activities
 * call the API with KYROS_API_KEY (without it every task run is refused), as the terminal daemon
 * does with its own (it redeems tickets and appends session events). docker-compose.yml is
 * checked against this list (scripts/src/compose/docker-compose.test.ts).
 */
export const PRODUCTION_REQUIRED_ENV: Record<KyrosProcess, readonly (keyof KyrosEnv)[]> = {
  api: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KYROS_JWT_SECRET'],
  worker: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'API_URL', 'KYROS_API_KEY'],
  console: ['API_URL', 'KYROS_CONSOLE_SESSION_SECRET'],
  'terminal-daemon': ['API_URL', 'KYROS_API_KEY'],
  migrate: ['DATABASE_URL'],
  'collab-seed': [],
  'service-key': ['DATABASE_URL', 'KYROS_JWT_SECRET'],
};
