import type { EventCursor } from '@kyros/contracts/schemas/collab-events';
import type { CollabEventLog } from './collab-event-log.ts';
import { resolveCursor, type ResolvedCursor } from './event-cursor.ts';

/**
 * {@link resolveCursor} on a live log. A resume point past this process's last id may have been
 * issued by another replica whose NOTIFY has not arrived yet: catch up before calling it unknown.
 */
export async function resolveResumePoint(
  cursor: EventCursor | undefined,
  log: CollabEventLog,
): Promise<ResolvedCursor> {
  if (cursor !== undefined && 'after' in cursor && cursor.after > log.lastId) await log.catchUp();
  return resolveCursor(cursor, log);
}
