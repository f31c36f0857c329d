import { z } from 'zod';
import {
  EventName,
  EventsPage,
  MAX_LONG_POLL_WAIT_SECONDS,
} from '@kyros/contracts/schemas/collab-events';
import { READ_ONLY, defineTool, writes } from './tool-definition.ts';

const filterList = z.array(z.string().min(1).max(200)).min(1).max(100);

export const appendEvent = defineTool({
  name: 'append_event',
  title: 'Report an event',
  description:
    'Append an event to the Kyros log (e.g. progress on a task: event "work_progress", target the task id, details {task_id, summary}). The actor is you; history is never rewritten.',
  input: z.strictObject({
    event: EventName.describe('snake_case, e.g. tests_passed'),
    target: z.string().min(1).max(500).describe('What it is about: a task id, a path, a lease id.'),
    details: z.record(z.string(), z.unknown()).default({}),
  }),
  output: z.object({ id: z.number().int().positive() }),
  annotations: writes({ destructive: false, idempotent: false }),
  async run(port, args) {
    const { id } = await port.appendEvent(args);
    return { id };
  },
});

export const readEvents = defineTool({
  name: 'read_events',
  title: 'Read events',
  description: `Read the event log after a cursor, oldest first. Pass next_after back as after to continue; wait (up to ${MAX_LONG_POLL_WAIT_SECONDS} s) blocks until something new matches.`,
  input: z.strictObject({
    after: z.number().int().nonnegative().default(0),
    wait: z.number().min(0).max(MAX_LONG_POLL_WAIT_SECONDS).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    task: filterList.optional().describe('Task ids (target or details.task_id).'),
    agent: filterList.optional().describe('Identities (actor or details.agent).'),
    type: filterList.optional().describe('Event names.'),
  }),
  output: z.strictObject(EventsPage.shape),
  annotations: READ_ONLY,
  run: (port, args) =>
    port.readEvents({
      after: args.after,
      wait: args.wait,
      limit: args.limit,
      ...(args.task ? { task: args.task } : {}),
      ...(args.agent ? { agent: args.agent } : {}),
      ...(args.type ? { type: args.type } : {}),
    }),
});

export const EVENT_TOOLS = [appendEvent, readEvents];
