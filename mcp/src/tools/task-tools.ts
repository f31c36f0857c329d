import { z } from 'zod';
import { ClaimTaskResponse, NextTaskResponse } from '@kyros/contracts/schemas/collab-dispatch';
import { LeaseResource } from '@kyros/contracts/schemas/collab-leases';
import {
  CreateTaskResponse,
  DodItem,
  TaskId,
  TaskMergePatch,
  TaskPriority,
  TaskSchema,
  TaskStatus,
  TransitionTaskResponse,
} from '@kyros/contracts/schemas/collab-tasks';
import { KyrosProblemError } from '../kyros-port.ts';
import { READ_ONLY, defineTool, writes } from './tool-definition.ts';

const fencingToken = z
  .number()
  .int()
  .positive()
  .describe('The fencing_token claim_task returned; a newer claim on the task makes it stale.');

const resources = z
  .array(LeaseResource)
  .min(1)
  .max(50)
  .describe('Repository-relative paths or globs (`*`, `?`, `**`), e.g. ["src/auth/**"].');

export const listTasks = defineTool({
  name: 'list_tasks',
  title: 'List tasks',
  description:
    'List tasks on the Kyros board, optionally filtered by status, assignee or labels. Use next_task to pick work instead of scanning the board.',
  input: z.strictObject({
    status: z.array(TaskStatus).min(1).optional().describe('Only these statuses.'),
    assignee: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Only tasks assigned to this identity.'),
    labels: z
      .array(z.string().min(1).max(64))
      .min(1)
      .optional()
      .describe('Tasks carrying every one.'),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({
    tasks: z.array(TaskSchema),
    total: z.number().int().describe('Matching tasks before the limit.'),
    etag: z.string().describe('ETag of the whole board.'),
  }),
  annotations: READ_ONLY,
  async run(port, args) {
    const { data, etag } = await port.readTasks();
    const matching = data.tasks.filter(
      (task) =>
        (args.status === undefined || args.status.includes(task.status)) &&
        (args.assignee === undefined || task.assignee === args.assignee) &&
        (args.labels ?? []).every((label) => task.labels.includes(label)),
    );
    return { tasks: matching.slice(0, args.limit), total: matching.length, etag };
  },
});

export const getTask = defineTool({
  name: 'get_task',
  title: 'Get a task',
  description: 'Read one task with its ETag (status, dependencies, Definition of Done, resources).',
  input: z.strictObject({ id: TaskId }),
  output: z.object({ task: TaskSchema, etag: z.string() }),
  annotations: READ_ONLY,
  run: (port, args) => port.getTask(args.id),
});

export const createTask = defineTool({
  name: 'create_task',
  title: 'Create a task',
  description:
    'Add a task to the board in status queued. Declare `resources` (the paths it will change) so dispatch can keep agents apart.',
  input: z.strictObject({
    title: z.string().min(1).max(200),
    description: z.string().max(20_000).optional(),
    priority: TaskPriority.optional(),
    dependencies: z.array(TaskId).max(100).optional().describe('Tasks that must be done first.'),
    dod: z.array(DodItem).max(100).optional().describe('Definition-of-Done checklist.'),
    labels: z.array(z.string().min(1).max(64)).max(50).optional(),
    resources: resources.optional(),
  }),
  output: z.strictObject(CreateTaskResponse.shape),
  annotations: writes({ destructive: false, idempotent: false }),
  run: (port, args) => port.createTask(args),
});

export const updateTask = defineTool({
  name: 'update_task',
  title: 'Update a task',
  description:
    "Change a task's fields with a JSON merge patch (null resets a field). Status changes go through transition_task. Without if_match the current ETag is read first; if the task changed in between you get a conflict carrying the current task: re-read and re-apply.",
  input: z.strictObject({
    id: TaskId,
    patch: TaskMergePatch,
    if_match: z.string().optional().describe('The ETag you read; default: the current one.'),
    fencing_token: fencingToken.optional(),
  }),
  output: z.object({ task: TaskSchema, etag: z.string() }),
  annotations: writes({ destructive: true, idempotent: true }),
  async run(port, args) {
    const ifMatch = args.if_match ?? (await port.getTask(args.id)).etag;
    try {
      const { task, etag } = await port.patchTask(args.id, args.patch, {
        ifMatch,
        fencingToken: args.fencing_token,
      });
      return { task, etag };
    } catch (error) {
      throw asEditConflict(error, args.id);
    }
  },
});

/** A 412 says "someone changed it": name it a conflict and keep the current task and ETag. */
function asEditConflict(error: unknown, id: string): unknown {
  if (!(error instanceof KyrosProblemError) || error.problem.status !== 412) return error;
  return new KyrosProblemError({
    ...error.problem,
    code: 'edit_conflict',
    detail: `Task ${id} changed since you read it; the problem carries the current task and etag. Re-apply your change to it.`,
  });
}

export const transitionTask = defineTool({
  name: 'transition_task',
  title: 'Move a task',
  description:
    'Move a task along queued → claimed → in_progress → review → approved → merging → done (back-edges: review|approved|merging → in_progress, any open state → queued). Pass the fencing_token from claim_task. A refused move names the allowed moves, unmet dependencies or unchecked DoD items.',
  input: z.strictObject({
    id: TaskId,
    to: TaskStatus,
    reason: z.string().max(2000).optional(),
    fencing_token: fencingToken.optional(),
  }),
  output: z.strictObject(TransitionTaskResponse.shape),
  annotations: writes({ destructive: false, idempotent: false }),
  run: (port, args) =>
    port.transitionTask(
      args.id,
      { to: args.to, reason: args.reason },
      { fencingToken: args.fencing_token },
    ),
});

export const nextTask = defineTool({
  name: 'next_task',
  title: 'Next task to work on',
  description:
    'The highest-priority ready task (queued, dependencies done) whose resources overlap no live lease, or null. Then call claim_task on it; another agent may claim it first.',
  input: z.strictObject({
    labels: z
      .array(z.string().min(1).max(64))
      .min(1)
      .optional()
      .describe('Only tasks with every label.'),
  }),
  output: z.strictObject(NextTaskResponse.shape),
  annotations: READ_ONLY,
  run: (port, args) => port.nextTask({ labels: args.labels }),
});

export const claimTask = defineTool({
  name: 'claim_task',
  title: 'Claim a task',
  description:
    'Take a task in one call: lease its resources and move it to claimed. Returns the leases (heartbeat them before ttl_seconds run out) and the fencing_token for later writes. If another agent holds an overlapping lease you get a conflict naming the lease, its holder and when it expires; pick another task.',
  input: z.strictObject({
    id: TaskId,
    resources: resources
      .optional()
      .describe("Paths to lease; default: the task's declared resources."),
    ttl_seconds: z.number().int().min(1).max(86_400).default(300),
  }),
  output: z.strictObject(ClaimTaskResponse.shape),
  annotations: writes({ destructive: false, idempotent: false }),
  run: (port, args) =>
    port.claimTask(args.id, {
      ttl_seconds: args.ttl_seconds,
      ...(args.resources ? { resources: args.resources } : {}),
    }),
});

export const TASK_TOOLS = [
  listTasks,
  getTask,
  createTask,
  updateTask,
  transitionTask,
  nextTask,
  claimTask,
];
