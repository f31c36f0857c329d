import type { Logger } from 'pino';
import type { PrismaClient } from '@kyros/db/client';
import type { EventSink } from '../collab/events/event-sink.ts';
import type { AuditEntry, AuditLog, AuditWriter } from './audit-log.ts';
import { existingUserId } from '../auth/existing-user-id.ts';
import { redactSecrets } from './redact-secrets.ts';

export interface AuditLogDeps {
  prisma: PrismaClient;
  /** The collaboration event log (Collaboration.eventLog): every audit row is mirrored there. */
  events?: EventSink;
  logger: Pick<Logger, 'warn'>;
}

/**
 * The audit trail: an `audit_events` row per mutation (the record of truth), mirrored onto the
 * collaboration event stream as `<noun>_<verb>` (e.g. `job_created`) so the live tail shows it.
 * Payloads are redacted of secret-looking fields. A failed mirror is logged, never fatal: the
 * row is already written.
 */
export function createAuditLog(deps: AuditLogDeps): AuditLog {
  async function recordWithin(tx: AuditWriter, entry: AuditEntry) {
    const actor = entry.principal?.actor ?? 'system';
    const payload = redactSecrets(entry.payload ?? {});
    const actorUserId = await existingUserId(tx, entry.principal?.userId);
    const row = await tx.auditEvent.create({
      data: {
        actor,
        actorUserId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        payload: JSON.parse(JSON.stringify(payload)) as object,
        requestId: entry.requestId ?? null,
      },
    });
    return { mirror: () => mirror(row.id, actor, payload, entry) };
  }

  async function mirror(
    auditId: string,
    actor: string,
    payload: Record<string, unknown>,
    entry: AuditEntry,
  ): Promise<void> {
    if (!deps.events) return;
    try {
      await deps.events.append({
        event: eventName(entry.action),
        actor: actor.slice(0, 200),
        target: `${entry.targetType ?? 'system'}:${entry.targetId ?? '-'}`.slice(0, 500),
        details: {
          audit_id: auditId,
          action: entry.action,
          ...(entry.targetType ? { target_type: entry.targetType } : {}),
          ...(entry.targetId ? { target_id: entry.targetId } : {}),
          ...(entry.requestId ? { request_id: entry.requestId } : {}),
          payload,
        },
      });
    } catch (error) {
      deps.logger.warn({ err: error, action: entry.action }, 'audit event not mirrored');
    }
  }

  return {
    async record(entry: AuditEntry): Promise<void> {
      await (await recordWithin(deps.prisma, entry)).mirror();
    },
    recordWithin,
  };
}

/** `job.created` → `job_created`; anything the event-name grammar refuses becomes `audit`. */
export function eventName(action: string): string {
  const name = action.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return /^[a-z][a-z0-9_]{0,63}$/.test(name) ? name : 'audit';
}

/** The FK must name a real user: an API key's creator may have been deleted meanwhile. */
