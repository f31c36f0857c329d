import path from 'node:path';
import type { Logger } from 'pino';
import type { KyrosClient } from '@kyros/contracts/client';
import type { SessionClosed, TerminalSession } from './terminal-session.ts';

type EventsApi = Pick<KyrosClient, 'collab'>;

/**
 * `terminal_session_opened` / `terminal_session_closed`, appended through the API as the daemon's
 * key. A session for a task targets the task, so the task's timeline and `?task=` filters see it.
 */
export async function recordSessionOpened(
  api: EventsApi,
  logger: Pick<Logger, 'warn'>,
  session: TerminalSession,
): Promise<void> {
  await append(api, logger, session, 'terminal_session_opened', {});
}

export async function recordSessionClosed(
  api: EventsApi,
  logger: Pick<Logger, 'warn'>,
  session: TerminalSession,
  closed: SessionClosed,
): Promise<void> {
  await append(api, logger, session, 'terminal_session_closed', {
    duration_ms: closed.durationMs,
    exit_code: closed.exitCode,
    ...(closed.signal !== undefined ? { signal: closed.signal } : {}),
    reason: closed.reason,
  });
}

async function append(
  api: EventsApi,
  logger: Pick<Logger, 'warn'>,
  session: TerminalSession,
  event: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const { grant } = session;
  try {
    await api.collab.appendEvent({
      event,
      target: grant.task_id ?? `terminal:${session.id}`,
      details: {
        session_id: session.id,
        user: grant.actor,
        ...(grant.task_id ? { task_id: grant.task_id } : {}),
        recording: path.basename(session.recordingFile),
        ...extra,
      },
    });
  } catch (error) {
    // The session itself is unaffected; the log line keeps the record the event log missed.
    logger.warn({ err: error, session: session.id, event }, 'terminal event not appended');
  }
}
