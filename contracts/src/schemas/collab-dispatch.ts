import { z } from 'zod';
import { LeaseGrantResponse, LeaseResource, LeaseSchema } from './collab-leases.ts';
import {
  actorName,
  TaskId,
  TaskSchema,
  TaskStatus,
  TransitionEvent,
  TransitionThen,
} from './collab-tasks.ts';

/**
 * Conflict-aware dispatch for agents: which task to take next, taking it (leases + claim in one
 * call) and checking globs against the live leases. REST and MCP share these shapes.
 */

const labelList = z
  .string()
  .max(1000)
  .transform((value) => value.split(',').filter((label) => label.length > 0));

/** `GET /collab/tasks/next`. */
export const NextTaskQuery = z
  .strictObject({
    labels: labelList
      .optional()
      .describe('Comma list: only tasks carrying every one of these labels.'),
  })
  .meta({ id: 'NextTaskQuery' });

export const NextTaskResponse = z
  .strictObject({
    task: TaskSchema.nullable().describe('null when no task is ready and free.'),
    etag: z.string().optional(),
    ready_but_blocked: z
      .array(
        z.strictObject({
          task_id: TaskId,
          blocked_by: z.array(z.strictObject({ resource: LeaseResource, lease: LeaseSchema })),
        }),
      )
      .describe('Ready tasks skipped because a live lease overlaps their resources.'),
  })
  .meta({ id: 'NextTaskResponse' });
export type NextTaskResponse = z.infer<typeof NextTaskResponse>;

const ttlSeconds = z.number().int().min(1).max(86_400);

/** `POST /collab/tasks/{id}/claim`. */
export const ClaimTaskRequest = z
  .strictObject({
    resources: z
      .array(LeaseResource)
      .min(1)
      .max(50)
      .optional()
      .describe("The paths or globs to lease; default: the task's declared `resources`."),
    ttl_seconds: ttlSeconds
      .default(300)
      .describe('Lease time to live; renew with a heartbeat before it runs out.'),
    actor: actorName
      .optional()
      .describe(
        'Who claims: the holder of the leases. Taken from the credential; if sent, it must match (the service key names the workflow it acts for).',
      ),
    event: TransitionEvent.optional().describe(
      "Optional: your own event, recorded right after the claim's task_transitioned in the same write, with `lock_id` and `resource` of the lease that fences the task added to its details.",
    ),
    then: TransitionThen.optional().describe(
      'Optional: a second move right after the claim, in the same write (e.g. to in_progress), fenced by the same leases.',
    ),
  })
  .meta({ id: 'ClaimTaskRequest' });
export type ClaimTaskRequest = z.input<typeof ClaimTaskRequest>;

export const ClaimTaskResponse = z
  .strictObject({
    task_id: TaskId,
    old_status: TaskStatus,
    new_status: TaskStatus,
    etag: z.string().describe("The task's new ETag."),
    leases: z.array(LeaseGrantResponse).min(1),
    fencing_token: z
      .number()
      .int()
      .positive()
      .describe('Send as X-Fencing-Token with writes to this task (the highest of the leases).'),
  })
  .meta({ id: 'ClaimTaskResponse' });
export type ClaimTaskResponse = z.infer<typeof ClaimTaskResponse>;

/** `GET /collab/leases/conflicts?resource=…&resource=…`. */
export const ConflictsQuery = z
  .strictObject({
    resource: z
      .union([LeaseResource, z.array(LeaseResource).min(1).max(50)])
      .transform((value) => (Array.isArray(value) ? value : [value])),
  })
  .meta({ id: 'ConflictsQuery' });

export const LeaseConflict = z
  .strictObject({
    resource: LeaseResource.describe('The resource you asked about (normalised).'),
    lease: LeaseSchema.describe('The live lease that overlaps it.'),
  })
  .meta({ id: 'LeaseOverlap' });

export const ConflictsResponse = z
  .strictObject({
    clear: z.boolean().describe('true when no live lease overlaps any of the resources.'),
    conflicts: z.array(LeaseConflict),
    checked_at: z.iso.datetime(),
  })
  .meta({ id: 'ConflictsResponse' });
export type ConflictsResponse = z.infer<typeof ConflictsResponse>;
