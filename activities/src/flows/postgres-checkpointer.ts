import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import pg from 'pg';

/** LangGraph's tables live in their own schema so they never meet Prisma's migrations. */
export const CHECKPOINT_SCHEMA = 'langgraph';

/** setup() runs once per database per process; its migrations are idempotent. */
const setups = new Map<string, Promise<void>>();

/**
 * A durable LangGraph checkpointer on `databaseUrl`, its tables created on first use. The caller
 * owns the returned saver's pool and must `end()` it.
 */
export async function openPostgresCheckpointer(databaseUrl: string): Promise<PostgresSaver> {
  const saver = new PostgresSaver(createCheckpointPool(databaseUrl), undefined, {
    schema: CHECKPOINT_SCHEMA,
  });
  let setup = setups.get(databaseUrl);
  if (!setup) {
    setup = setupTolerantOfRaces(saver);
    setups.set(databaseUrl, setup);
    setup.catch(() => setups.delete(databaseUrl));
  }
  try {
    await setup;
  } catch (error) {
    await saver.end();
    throw error;
  }
  return saver;
}

/** Codes another worker's concurrent setup() can cause: duplicate schema, table or version row. */
const CONCURRENT_SETUP_CODES = new Set(['23505', '42P06', '42P07']);

async function setupTolerantOfRaces(saver: PostgresSaver): Promise<void> {
  try {
    await saver.setup();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (typeof code !== 'string' || !CONCURRENT_SETUP_CODES.has(code)) throw error;
    // The other worker has created what we raced on; a second pass finds it and finishes.
    await saver.setup();
  }
}

/**
 * The checkpointer's pool. A connection the server drops (a restart, pg_terminate_backend) is an
 * 'error' event: on the pool while the client idles, on the client itself while LangGraph holds it
 * between the statements of a transaction. With no listener either would crash the worker. The
 * dropped client is unusable, so its next query (or the transaction's) fails, the activity retries
 * and pg-pool discards the client on release: there is nothing more to do here.
 */
export function createCheckpointPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
