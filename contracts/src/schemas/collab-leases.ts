import { z } from 'zod';
import { ResourcePath, TaskId } from './collab-tasks.ts';

/** A lease id names its grant: `lease-<fencing token>`, so an ended lease is recognisable. */
export const LeaseId = z
  .string()
  .regex(/^lease-[1-9][0-9]{0,15}$/, 'must look like lease-42')
  .meta({ id: 'LeaseId' });

/**
 * A repository-relative path or glob: `*` and `?` within one segment, `**` as a whole segment
 * for any depth. No absolute paths, no `..`, no backslashes; a plain path also covers everything
 * below it. The server normalises it (see `resource` in the response).
 */
export const LeaseResource = ResourcePath.meta({ id: 'LeaseResource' });

const holder = z.string().min(1).max(200);
/** Optional in requests: the credential decides who holds (docs/adr/0008); if sent, it must match. */
const claimedHolder = holder
  .optional()
  .describe(
    'Who holds the lease. Taken from the credential; if sent, it must name the same identity.',
  );
/** An admin acting for someone else; recorded in the audit row and the event. */
export const ActingFor = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Admins only: act as this identity. Recorded in the audit trail and the event.');
const ttlSeconds = z.number().int().min(1).max(86_400);

export const LeaseSchema = z
  .strictObject({
    lock_id: LeaseId,
    resource: LeaseResource,
    holder,
    acquired_at: z.iso.datetime(),
    ttl_seconds: ttlSeconds,
    heartbeat_at: z.iso.datetime(),
    expires_at: z.iso.datetime().describe('heartbeat_at + ttl_seconds; stale after this instant.'),
    fencing_token: z.number().int().positive(),
    task_id: TaskId.optional(),
  })
  .meta({ id: 'Lease' });
export type Lease = z.infer<typeof LeaseSchema>;

export const LocksDocumentSchema = z
  .strictObject({
    version: z.number().int().nonnegative(),
    fencing_token: z.number().int().nonnegative().describe('The last token granted, per store.'),
    leases: z.array(LeaseSchema),
    task_fences: z
      .record(TaskId, z.number().int().positive())
      .default({})
      .describe('Per task, the highest fencing token granted to a lease carrying its task_id.'),
  })
  .meta({ id: 'LocksDocument', description: 'The envelope of `state/locks.json`.' });
export type LocksDocument = z.infer<typeof LocksDocumentSchema>;

export const AcquireLeaseRequest = z
  .strictObject({
    resource: LeaseResource,
    holder: claimedHolder,
    ttl_seconds: ttlSeconds,
    task_id: TaskId.optional(),
    acting_for: ActingFor,
  })
  .meta({ id: 'AcquireLeaseRequest' });
export type AcquireLeaseRequest = z.input<typeof AcquireLeaseRequest>;

export const LeaseGrantResponse = z
  .strictObject({
    lock_id: LeaseId,
    fencing_token: z.number().int().positive(),
    expires_at: z.iso.datetime(),
    lease: LeaseSchema,
  })
  .meta({ id: 'LeaseGrantResponse' });

export const HeartbeatLeaseRequest = z
  .strictObject({
    holder: claimedHolder,
    ttl_seconds: ttlSeconds.optional(),
    acting_for: ActingFor,
  })
  .meta({ id: 'HeartbeatLeaseRequest', description: 'Renews the lease; may change its TTL.' });
export type HeartbeatLeaseRequest = z.input<typeof HeartbeatLeaseRequest>;

export const ReleaseLeaseRequest = z
  .strictObject({
    holder: claimedHolder,
    acting_for: ActingFor,
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Merged into the `lease_released` event's details (e.g. the workflow and run ids); the store's own fields win.",
      ),
  })
  .meta({ id: 'ReleaseLeaseRequest' });
export type ReleaseLeaseRequest = z.input<typeof ReleaseLeaseRequest>;

export const ReleaseLeaseResponse = z
  .strictObject({ ok: z.literal(true) })
  .meta({ id: 'ReleaseLeaseResponse' });

export const ReclaimLeasesRequest = z
  .strictObject({ actor: holder.optional() })
  .meta({ id: 'ReclaimLeasesRequest' });
export type ReclaimLeasesRequest = z.input<typeof ReclaimLeasesRequest>;

export const ReclaimLeasesResponse = z
  .strictObject({ reclaimed: z.array(LeaseSchema) })
  .meta({ id: 'ReclaimLeasesResponse' });

/** The 409 body a losing acquirer gets, inside the problem document. */
export const LeaseConflictDetails = z
  .object({
    holder,
    expires_at: z.iso.datetime(),
    lock_id: LeaseId,
    resource: LeaseResource,
  })
  .meta({ id: 'LeaseConflict' });
