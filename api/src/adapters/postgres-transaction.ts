import type pg from 'pg';

export interface TransactionOptions {
  /**
   * The statement that opens the transaction; `READ COMMITTED` by default. `false` when `work`
   * opens it in its own first query (to share that round trip with a read).
   */
  begin?: string | false;
  /** The error to throw when COMMIT fails: the caller may say the outcome is unknown. */
  commitFailed?: (error: unknown) => Error;
}

/**
 * Runs `work` on one pooled connection inside a transaction: committed if it resolves, rolled
 * back if it (or the COMMIT) fails. A connection whose transaction failed is dropped from the
 * pool rather than handed to the next caller.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const { begin = 'BEGIN ISOLATION LEVEL READ COMMITTED', commitFailed } = options;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    if (begin !== false) await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT').catch((error: unknown) => {
      throw commitFailed ? commitFailed(error) : error;
    });
    return result;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    // The connection is discarded below either way; a failed ROLLBACK changes nothing.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}
