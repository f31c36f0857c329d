import { z } from 'zod';
import { TaskId, TransitionTaskResponse } from '@kyros/contracts/schemas/collab-tasks';
import { TaskCancelResponse, TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { defineTool, writes } from './tool-definition.ts';

export const runTask = defineTool({
  name: 'run_task',
  title: "Run a task's executor",
  description:
    "Start the task's safe executor (format, lint, changelog or a flow) as a durable Temporal workflow; calling it again while it runs returns the same run. Refused when the task names no executor or its tool is disabled.",
  input: z.strictObject({ id: TaskId }),
  output: z.strictObject(TaskRunResponse.shape),
  annotations: writes({ destructive: false, idempotent: true }),
  run: (port, args) => port.runTask(args.id),
});

export const cancelTask = defineTool({
  name: 'cancel_task',
  title: "Cancel a task's run",
  description:
    "Cancel the task's running workflow: the executor stops, the task goes back to queued and its lease is released.",
  input: z.strictObject({ id: TaskId }),
  output: z.strictObject(TaskCancelResponse.shape),
  annotations: writes({ destructive: true, idempotent: false }),
  run: (port, args) => port.cancelTask(args.id),
});

export const approveTask = defineTool({
  name: 'approve_task',
  title: 'Approve a reviewed task',
  description:
    'Approve a task in review (review → approved), recording who approved it and why. Refused unless the task is in review.',
  input: z.strictObject({
    id: TaskId,
    reason: z.string().max(2000).optional().describe('What was reviewed; recorded in the event.'),
  }),
  output: z.strictObject(TransitionTaskResponse.shape),
  annotations: writes({ destructive: false, idempotent: false }),
  async run(port, args) {
    const approver = await port.actingIdentity();
    return port.transitionTask(
      args.id,
      { to: 'approved', reason: `approved by ${approver}${args.reason ? `: ${args.reason}` : ''}` },
      {},
    );
  },
});

export const RUN_TOOLS = [runTask, cancelTask, approveTask];
