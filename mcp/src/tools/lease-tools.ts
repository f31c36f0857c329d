import { z } from 'zod';
import { ConflictsResponse } from '@kyros/contracts/schemas/collab-dispatch';
import { LeaseGrantResponse, LeaseId, LeaseResource } from '@kyros/contracts/schemas/collab-leases';
import { READ_ONLY, defineTool, writes } from './tool-definition.ts';

const lockIds = z
  .array(LeaseId)
  .min(1)
  .max(50)
  .describe('The lock_id of each lease, as claim_task returned them.');

export const checkConflicts = defineTool({
  name: 'check_conflicts',
  title: 'Check for lease conflicts',
  description:
    'Authoritative check before touching files: which live leases (holder, expiry) overlap these paths or globs right now.',
  input: z.strictObject({ resources: z.array(LeaseResource).min(1).max(50) }),
  output: z.strictObject(ConflictsResponse.shape),
  annotations: READ_ONLY,
  run: (port, args) => port.checkConflicts(args.resources),
});

export const heartbeat = defineTool({
  name: 'heartbeat',
  title: 'Renew leases',
  description:
    'Renew your leases while you work (well before expires_at). A lease you lost (expired, reclaimed or released by an admin) is refused: stop working on its files and claim again.',
  input: z.strictObject({
    lock_ids: lockIds,
    ttl_seconds: z.number().int().min(1).max(86_400).optional().describe('A new time to live.'),
  }),
  output: z.object({ leases: z.array(LeaseGrantResponse) }),
  annotations: writes({ destructive: false, idempotent: true }),
  async run(port, args) {
    const leases = [];
    for (const lockId of args.lock_ids) {
      leases.push(await port.heartbeatLease(lockId, { ttl_seconds: args.ttl_seconds }));
    }
    return { leases };
  },
});

export const release = defineTool({
  name: 'release',
  title: 'Release leases',
  description:
    'Release your leases when the work is done or abandoned, so other agents can take the files.',
  input: z.strictObject({
    lock_ids: lockIds,
    reason: z.string().max(500).optional().describe('Recorded in the lease_released event.'),
  }),
  output: z.object({ released: z.array(LeaseId) }),
  annotations: writes({ destructive: true, idempotent: false }),
  async run(port, args) {
    const released = [];
    for (const lockId of args.lock_ids) {
      await port.releaseLease(lockId, {
        ...(args.reason === undefined ? {} : { details: { reason: args.reason } }),
      });
      released.push(lockId);
    }
    return { released };
  },
});

export const LEASE_TOOLS = [checkConflicts, heartbeat, release];
