import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { inTransaction } from '../../adapters/postgres-transaction.ts';
import { EVENT_LOG_PATH } from './event-log.ts';
import { scanEventLogFile } from './event-log-file.ts';
import { EventLogCorruptError, type ScannedEvent } from './event-log-scanner.ts';
import { hasEvents, insertEventsAsTheyAre } from './postgres-event-rows.ts';
import { APPEND_LOCK } from './postgres-event-writer.ts';
import { unstorableReason } from './storable-event.ts';

export interface ImportFileEventLogOptions {
  pool: pg.Pool;
  /** The collaboration directory the files backend wrote (`events/events.jsonl` inside it). */
  collabDir: string;
  /** Told the last imported id, so replicas already listening read the rows. */
  channel: string;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** `imported` events with ids `firstId`–`lastId`. */
export interface EventImport {
  imported: number;
  firstId: number | undefined;
  lastId: number | undefined;
}

/**
 * Moves a deployment's file event log into an empty `collab_events` table (the switch from
 * KYROS_COLLAB_STORE=files to postgres, docs/adr/0018), ids and times unchanged, so cursors and
 * `Last-Event-ID`s issued before the switch resume after it. One transaction under the append
 * lock: replicas starting together import once (the second finds rows), and a crash midway
 * leaves the table empty for the next start to import again. The file is read a chunk at a time
 * and left as it is; a torn tail (never acknowledged) is skipped, corruption stops start-up.
 * Undefined when there is no file or the table already has events.
 */
export async function importFileEventLog(
  options: ImportFileEventLogOptions,
): Promise<EventImport | undefined> {
  const file = path.join(options.collabDir, EVENT_LOG_PATH);
  const handle = await open(file, 'r').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return undefined;
  try {
    // READ COMMITTED (the default): the snapshot must come after the lock, or it misses a writer's rows.
    const result = await inTransaction(options.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      if (await hasEvents(client)) return undefined;
      const copied = await copyEvents(client, handle, file, options.logger);
      if (copied.lastId !== undefined) {
        await client.query('SELECT pg_notify($1, $2)', [options.channel, String(copied.lastId)]);
      }
      return copied;
    });
    if (result) {
      options.logger.info(
        { file, ...result },
        `imported ${result.imported} events from ${file} into collab_events`,
      );
    }
    return result;
  } finally {
    await handle.close();
  }
}

/** Inserts the file's events a chunk at a time, each checked to fit the table unchanged. */
async function copyEvents(
  client: pg.PoolClient,
  handle: FileHandle,
  file: string,
  logger: Pick<Logger, 'warn'>,
): Promise<EventImport> {
  let result: EventImport = { imported: 0, firstId: undefined, lastId: undefined };
  const reader = {
    read: async (buffer: Buffer, position: number) =>
      (await handle.read(buffer, 0, buffer.length, position)).bytesRead,
  };
  const { tornTail } = await scanEventLogFile(reader, file, async (scanned) => {
    await insertEventsAsTheyAre(
      client,
      scanned.map((each) => storable(each, file)),
    );
    result = {
      imported: result.imported + scanned.length,
      firstId: result.firstId ?? scanned[0]?.event.id,
      lastId: scanned.at(-1)?.event.id,
    };
  });
  if (tornTail) {
    logger.warn(
      { file, ...tornTail },
      `event log ${file}: not importing a torn tail from line ${tornTail.line} (${tornTail.reason}); it was never acknowledged`,
    );
  }
  return result;
}

function storable({ event }: ScannedEvent, file: string): CollabEvent {
  const reason = unstorableReason(event);
  if (reason === undefined) return event;
  throw new EventLogCorruptError(
    `Event ${event.id} of ${file} cannot be imported into collab_events unchanged: ${reason}. Correct that line, then start again.`,
  );
}
