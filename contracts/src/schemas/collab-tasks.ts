import { z } from 'zod';
import { EventName } from './collab-events.ts';
import { ExecutorSpecSchema } from './executors.ts';

/** Task ids are `T-<number>`; the store assigns the next number when a client does not pick one. */
export const TaskId = z
  .string()
  .regex(/^T-[0-9]{1,9}$/, 'must look like T-123')
  .meta({ id: 'TaskId' });

export const TASK_STATUSES = [
  'queued',
  'claimed',
  'in_progress',
  'review',
  'approved',
  'merging',
  'done',
] as const;
export const TaskStatus = z.enum(TASK_STATUSES).meta({ id: 'TaskStatus' });
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * The moves the board allows, forward along the happy path plus the back-edges a team needs:
 * changes requested (review → in_progress), rework after approval or a failed merge
 * (approved|merging → in_progress) and unclaim (any open state → queued). `done` is final.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['claimed'],
  claimed: ['in_progress', 'queued'],
  in_progress: ['review', 'queued'],
  review: ['approved', 'in_progress', 'queued'],
  approved: ['merging', 'in_progress', 'queued'],
  merging: ['done', 'in_progress', 'queued'],
  done: [],
};

/** Which moves wait for what: claiming needs finished dependencies, merging a complete DoD. */
export const TASK_TRANSITION_GATES: Readonly<
  Partial<Record<TaskStatus, readonly ('dependencies' | 'dod')[]>>
> = {
  claimed: ['dependencies'],
  merging: ['dod'],
  done: ['dependencies', 'dod'],
};

export const TaskPriority = z
  .enum(['low', 'medium', 'high', 'critical'])
  .meta({ id: 'TaskPriority' });

export const DodItem = z
  .strictObject({ item: z.string().min(1).max(500), done: z.boolean().default(false) })
  .meta({ id: 'DodItem', description: 'One Definition-of-Done checklist entry.' });

export const actorName = z.string().min(1).max(200);

/**
 * The repository paths or globs a task will change (lease glob syntax, docs/ARCHITECTURE.md):
 * `claim` leases exactly these, and `next` skips a task while any of them overlaps a live lease.
 * Defined here rather than as `LeaseResource` because the leases contract imports this module.
 */
const segment = String.raw`(?:\*\*|(?!\.\.?(?:/|$))(?:[A-Za-z0-9_.@+=,%?-]|\*(?!\*))+)`;
/**
 * The lease glob syntax as a pattern, so the OpenAPI document states what the server takes:
 * segments of letters, digits and `. _ - @ + = , %`, with `*` and `?` inside a segment and `**`
 * as a whole one; empty and `.` segments are skipped; no absolute path, no `..`, at most 64
 * segments. api/src/collab/domain/resource-glob.ts normalises what passes (and a unit test there
 * holds the two together).
 */
export const RESOURCE_PATTERN = String.raw`^(?!(?:[^/]*/){64})(?!/)(?:\.?/)*${segment}(?:/(?:\.?/)*${segment})*(?:/\.?)*$`;
export const ResourcePath = z
  .string()
  .min(1)
  .max(1024)
  .regex(
    new RegExp(RESOURCE_PATTERN),
    'must be a relative path or glob inside the repository: no absolute path, no ".." segment, only letters, digits and . _ - @ + = , % with * and ? inside a segment and ** as a whole segment',
  );

const declaredResources = z
  .array(ResourcePath)
  .min(1)
  .max(50)
  .describe('Paths or globs the task will change; claiming the task leases exactly these.');
const MAX_METADATA_BYTES = 16 * 1024;

/** Free-form JSON for agents and tools (counters, links, notes); at most 16 KB once serialised. */
export const TaskMetadata = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= MAX_METADATA_BYTES, {
    message: `must serialise to at most ${MAX_METADATA_BYTES} bytes`,
  })
  .meta({ id: 'TaskMetadata' });

const taskFields = {
  title: z.string().min(1).max(200),
  description: z.string().max(20_000),
  priority: TaskPriority,
  dependencies: z.array(TaskId).max(100),
  dod: z.array(DodItem).max(100),
  labels: z.array(z.string().min(1).max(64)).max(50),
  assignee: actorName.nullable(),
  metadata: TaskMetadata,
  resources: declaredResources,
};

/** One task as stored in `state/tasks.json`; `version` grows with every change to this task. */
export const TaskSchema = z
  .strictObject({
    id: TaskId,
    title: taskFields.title,
    description: taskFields.description.default(''),
    status: TaskStatus,
    priority: taskFields.priority.default('medium'),
    dependencies: taskFields.dependencies.default([]),
    dod: taskFields.dod.default([]),
    labels: taskFields.labels.default([]),
    assignee: taskFields.assignee.default(null),
    metadata: taskFields.metadata.default({}),
    /** Optional rather than defaulted, so tasks stored before it keep their canonical JSON and ETag. */
    resources: taskFields.resources.optional(),
    /** The safe executor `POST /collab/tasks/{id}/run` runs; a task without one cannot run. */
    executor: ExecutorSpecSchema.optional(),
    version: z.number().int().positive(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof TaskSchema>;

export const TasksDocumentSchema = z
  .strictObject({ version: z.number().int().nonnegative(), tasks: z.array(TaskSchema) })
  .meta({ id: 'TasksDocument', description: 'The envelope of `state/tasks.json`.' });
export type TasksDocument = z.infer<typeof TasksDocumentSchema>;

/** `POST /collab/tasks`. An explicit `id` needs `If-None-Match: *` (create-only). */
export const CreateTaskRequest = z
  .strictObject({
    id: TaskId.optional(),
    title: taskFields.title,
    description: taskFields.description.optional(),
    priority: taskFields.priority.optional(),
    dependencies: taskFields.dependencies.optional(),
    dod: taskFields.dod.optional(),
    labels: taskFields.labels.optional(),
    assignee: taskFields.assignee.optional(),
    metadata: taskFields.metadata.optional(),
    resources: taskFields.resources.optional(),
    executor: ExecutorSpecSchema.optional(),
  })
  .meta({ id: 'CreateTaskRequest' });
export type CreateTaskRequest = z.input<typeof CreateTaskRequest>;

export const CreateTaskResponse = z
  .strictObject({ id: TaskId, etag: z.string() })
  .meta({ id: 'CreateTaskResponse' });

export const TaskResponse = z
  .strictObject({ task: TaskSchema, etag: z.string() })
  .meta({ id: 'TaskResponse', description: 'A task and its own strong ETag.' });

/**
 * `PATCH /collab/tasks/{id}` body, a JSON merge patch (RFC 7396): `null` removes a member, which
 * resets it to its default. `id`, `status`, `version` and the timestamps are not patchable.
 */
export const TaskMergePatch = z
  .strictObject({
    title: taskFields.title.optional(),
    description: taskFields.description.nullable().optional(),
    priority: taskFields.priority.nullable().optional(),
    dependencies: taskFields.dependencies.nullable().optional(),
    dod: taskFields.dod.nullable().optional(),
    labels: taskFields.labels.nullable().optional(),
    assignee: taskFields.assignee.optional(),
    metadata: z.record(z.string().max(100), z.unknown()).nullable().optional(),
    resources: taskFields.resources.nullable().optional(),
    // Merged like any member; the merged task is validated again, so bad arguments are a 400.
    // A union rather than .nullable(): zod-to-openapi drops the null of a nullable union's $ref.
    executor: z.union([ExecutorSpecSchema, z.null()]).optional(),
  })
  .meta({ id: 'TaskMergePatch' });
export type TaskMergePatch = z.input<typeof TaskMergePatch>;

export const PatchTaskResponse = z
  .strictObject({ ok: z.literal(true), etag: z.string(), task: TaskSchema })
  .meta({ id: 'PatchTaskResponse' });

/**
 * An event the caller records with a transition: appended right after `task_transitioned`, in the
 * same write, as the same actor, with the task as target (what `POST /collab/events` would do
 * as a second call).
 */
export const TransitionEvent = z
  .strictObject({
    event: EventName,
    details: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('`task_id` is set to the task; `acting_for` is added as on the transition.'),
  })
  .describe(
    'Optional: one event appended with the transition, in the same write and by the same actor, right after its task_transitioned (saves a POST /collab/events).',
  )
  .meta({ id: 'TransitionEvent' });

/** A second move right after the first, in the same write (e.g. claimed → in_progress). */
export const TransitionThen = z
  .strictObject({
    to: TaskStatus,
    reason: z.string().max(2000).optional(),
    event: TransitionEvent.optional(),
  })
  .describe(
    "Optional: a second move made right after the first, in the same write, checked against the state machine from the status the first one reached; its task_transitioned (and event) follow the first move's. Saves a second POST …/transition.",
  )
  .meta({ id: 'TransitionThen' });

/** The caller's lease, released once the move is written (saves a POST …/release). */
export const TransitionReleaseLease = z
  .strictObject({
    // `lease-<fencing token>`, as LeaseId (collab-leases imports this module, not the reverse).
    lock_id: z.string().regex(/^lease-[1-9][0-9]{0,15}$/, 'must look like lease-42'),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Merged into the `lease_released` event's details; the store's own fields win."),
  })
  .describe(
    "Optional: release this lease, held by the transition's actor, once the move is written, as POST /collab/leases/{lockId}/release would. `lease_released` in the answer says whether it was; a lease that had already ended (or is not the actor's) is not an error here.",
  )
  .meta({ id: 'TransitionReleaseLease' });

export const TransitionTaskRequest = z
  .strictObject({
    to: TaskStatus,
    actor: actorName
      .optional()
      .describe('Who moves the task. Taken from the credential; if sent, it must match.'),
    reason: z.string().max(2000).optional(),
    acting_for: actorName
      .optional()
      .describe('Admins only: act as this identity. Recorded in the audit trail and the event.'),
    event: TransitionEvent.optional(),
    then: TransitionThen.optional(),
    release_lease: TransitionReleaseLease.optional(),
  })
  .meta({ id: 'TransitionTaskRequest' });
export type TransitionTaskRequest = z.input<typeof TransitionTaskRequest>;

export const TransitionTaskResponse = z
  .strictObject({
    old_status: TaskStatus,
    new_status: TaskStatus.describe('Where the task is now: after `then`, its target.'),
    etag: z.string(),
    lease_released: z
      .boolean()
      .optional()
      .describe('With `release_lease`: whether the lease was released by this call.'),
  })
  .meta({ id: 'TransitionTaskResponse' });
