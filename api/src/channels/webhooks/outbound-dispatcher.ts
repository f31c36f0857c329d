import type { Logger } from 'pino';
import type { PrismaClient } from '@kyros/db/client';
import type { CollabEventLog } from '../../collab/events/collab-event-log.ts';
import type { WebhookDeps } from '../channels-deps.ts';
import { dispatchWebhookEvents } from '../operations/dispatch-webhook-events.ts';

const CURSOR = 'outbound';
const PAGE = 256;
/** Pages that start no delivery move the saved cursor at most this often (in events). */
const PERSIST_EVERY = 1000;
/** After a failed page (database or Temporal down) the same page is read again this much later. */
const RESUME_AFTER_FAILURE_MS = 2_000;

export interface OutboundDispatcher {
  stop(): Promise<void>;
}

/**
 * Tails the event log for outbound webhook subscriptions (docs/adr/0014): reads after a cursor
 * persisted in `webhook_dispatch_cursors`, hands each page to `dispatchWebhookEvents` (delivery
 * rows and one Temporal workflow each — the retries are Temporal's), then advances the cursor. It
 * wakes on each committed batch, not on a timer. A first start begins at the log's end: history
 * is not replayed into subscriptions that did not exist when it happened.
 */
export function startOutboundDispatcher(deps: {
  prisma: PrismaClient;
  eventLog: CollabEventLog;
  webhooks: WebhookDeps;
  logger: Pick<Logger, 'warn'>;
}): OutboundDispatcher {
  const { prisma, eventLog, logger } = deps;
  const abort = new AbortController();
  let cursor: number | undefined;
  let persisted: number | undefined;
  const persist = async (): Promise<void> => {
    if (cursor === undefined || cursor === persisted) return;
    await prisma.webhookDispatchCursor.update({
      where: { name: CURSOR },
      data: { lastEventId: cursor },
    });
    persisted = cursor;
  };
  const run = async (): Promise<void> => {
    // Stops with the log's readers (shutdown); what is appended later waits for the next start.
    while (!abort.signal.aborted && !eventLog.readersStopped) {
      try {
        if (cursor === undefined) persisted = cursor = await loadCursor(prisma, eventLog.lastId);
        const page = await eventLog.readAfter(cursor, {}, PAGE);
        const started = await dispatchWebhookEvents(deps, page.events);
        cursor = Math.max(cursor, page.nextAfter);
        // Re-reading a page is harmless, so pages that started nothing are saved only now and then.
        if (started > 0 || cursor - (persisted ?? 0) >= PERSIST_EVERY) await persist();
        if (cursor >= eventLog.lastId) await eventLog.waitForEventsAfter(cursor, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        logger.warn(
          { err: error, cursor },
          'outbound webhooks: page not dispatched; reading it again',
        );
        await pause(RESUME_AFTER_FAILURE_MS, abort.signal);
      }
    }
  };
  const running = run();
  return {
    async stop() {
      abort.abort();
      await running;
      await persist().catch((error: unknown) =>
        logger.warn({ err: error, cursor }, 'outbound webhooks: cursor not saved at stop'),
      );
    },
  };
}

/** The persisted cursor; created at the log's end on the very first start. */
async function loadCursor(prisma: PrismaClient, lastId: number): Promise<number> {
  const row = await prisma.webhookDispatchCursor.upsert({
    where: { name: CURSOR },
    create: { name: CURSOR, lastEventId: lastId },
    update: {},
  });
  return row.lastEventId;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
