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
}
