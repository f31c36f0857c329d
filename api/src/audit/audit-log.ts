import type { PrismaClient } from '@kyros/db/client';
import type { Principal } from '../auth/principal.ts';

/** One mutation worth remembering: who did what to which target. Never put secrets in `payload`. */
export interface AuditEntry {
  /** Undefined for the system itself (schedules, start-up reconciliation). */
  principal?: Principal;
  /** `<noun>.<verb>`, e.g. `job.created`, `variant.accepted`, `api_key.revoked`. */
  action: string;
  targetType?: string;
  targetId?: string;
  payload?: Record<string, unknown>;
  requestId?: string;
}

/**
 * Writes an `audit_events` row and mirrors it onto the collaboration event stream (type `audit`),
 * so people following the stream see jobs, keys and users change too.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /**
   * Writes the row with `tx`, the caller's transaction, so the mutation and its audit row commit
   * together; call the returned `mirror` once the transaction has committed.
   */
  recordWithin(tx: AuditWriter, entry: AuditEntry): Promise<{ mirror: () => Promise<void> }>;
}

/** What an audit row needs from a client: a Prisma transaction client has it. */
export type AuditWriter = Pick<PrismaClient, 'auditEvent' | 'user'>;
