import { z } from 'zod';
import { CollabEventSchema } from './collab-events.ts';
import { TaskId, TaskStatus } from './collab-tasks.ts';
import { JobsId } from './jobs.ts';

/**
 * The channel hub's contracts (docs/CHANNELS.md): one command language for every channel, the
 * replies, the accounting of `GET /channels`, and the WebSocket channel's messages.
 */

/** The channels that exist today. */
export const CHANNEL_NAMES = ['api', 'websocket', 'slack', 'email', 'webhook'] as const;
export const ChannelName = z.enum(CHANNEL_NAMES).meta({ id: 'ChannelName' });
export type ChannelName = z.infer<typeof ChannelName>;

/** A preset's name as a channel names it (`start job release-notes`). */
const PresetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a preset name');
/** `key=value` pairs of `start job`: simple keys, short values. */
const JobInputValues = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/), z.string().min(1).max(500))
  .refine((value) => Object.keys(value).length <= 20, { message: 'at most 20 values' });

/** `tasks ready` lists claimable tasks; `tasks <status>` the tasks in that column. */
export const TaskListFilter = z.union([z.literal('ready'), TaskStatus]);

/**
 * One parsed command: what every channel's text (pattern, JSON or plain language) becomes. The
 * JSON form of a command is exactly this object, e.g. `{"command":"transition","task":"T-101",
 * "to":"review"}`.
 */
export const ChannelCommand = z
  .discriminatedUnion('command', [
    z.strictObject({ command: z.literal('claim'), task: TaskId }),
    z.strictObject({ command: z.literal('transition'), task: TaskId, to: TaskStatus }),
    z.strictObject({ command: z.literal('run'), task: TaskId }),
    z.strictObject({ command: z.literal('cancel'), task: TaskId }),
    z.strictObject({
      command: z.literal('approve'),
      task: TaskId,
      version: z.number().int().positive().optional().meta({
        description: 'The task version being approved; refused when the task has moved on.',
      }),
    }),
    z.strictObject({ command: z.literal('status'), task: TaskId }),
    z.strictObject({ command: z.literal('tasks'), filter: TaskListFilter }),
    z.strictObject({
      command: z.literal('start_job'),
      preset: PresetName,
      input: JobInputValues.default({}),
    }),
    z.strictObject({
      command: z.literal('accept_job'),
      job: JobsId,
      variant: z.number().int().min(1).max(20),
    }),
    z.strictObject({ command: z.literal('export_job'), job: JobsId }),
    z.strictObject({ command: z.literal('help') }),
  ])
  .meta({ id: 'ChannelCommand' });
export type ChannelCommand = z.infer<typeof ChannelCommand>;
export type ChannelCommandName = ChannelCommand['command'];

/** How a command ended: done, refused (bad input, a rule, a role), or failed (our fault). */
export const CommandOutcome = z.enum(['ok', 'refused', 'failed']).meta({ id: 'CommandOutcome' });
export type CommandOutcome = z.infer<typeof CommandOutcome>;

/** A reply before rendering: every channel renders this one shape its own way. */
export const ChannelReply = z
  .strictObject({
    outcome: CommandOutcome,
    /** One line: what happened. */
    title: z.string(),
    /** More lines of plain text. */
    lines: z.array(z.string()),
    /** Name → value facts (status, version, workflow id, …). */
    fields: z.array(z.strictObject({ name: z.string(), value: z.string() })),
    links: z.array(z.strictObject({ label: z.string(), url: z.string() })),
    /** Commands that would work, for refusals and help. */
    suggestions: z.array(z.string()),
    command: ChannelCommand.optional(),
    /** Machine-readable result of the operation (the REST answer's shape), when there is one. */
    data: z.unknown().optional(),
    /** Problem code of a refusal or failure (`conflict`, `unknown_command`, …). */
    code: z.string().optional(),
  })
  .meta({ id: 'ChannelReply' });
export type ChannelReply = z.infer<typeof ChannelReply>;

/** The most text one command may carry (every channel cuts here before parsing). */
export const MAX_COMMAND_TEXT = 2000;

/** `POST /channels/api/commands`: the command as text (pattern, JSON or plain language) or JSON. */
export const ApiCommandRequest = z
  .union([
    z.strictObject({ text: z.string().max(MAX_COMMAND_TEXT) }),
    // An object the command parser reads (ChannelCommand), with its own messages for bad fields.
    z.strictObject({ command: z.record(z.string(), z.unknown()) }),
  ])
  .meta({ id: 'ApiCommandRequest' });
export type ApiCommandRequest = z.infer<typeof ApiCommandRequest>;

export const ApiCommandResponse = z
  .strictObject({
    /** The `channel_commands` row that records it. */
    command_id: z.uuid(),
    reply: ChannelReply,
    /** The reply rendered as plain text, as a terminal or chat would show it. */
    text: z.string(),
  })
  .meta({ id: 'ApiCommandResponse' });
export type ApiCommandResponse = z.infer<typeof ApiCommandResponse>;

export const ChannelStatus = z
  .strictObject({
    name: ChannelName,
    /** Whether it has what it needs to run (API and WebSocket always do; Slack its secret). */
    configured: z.boolean(),
    /** An admin may switch a channel off; a disabled channel refuses every command. */
    enabled: z.boolean(),
    counts: z.strictObject({
      received: z.number().int(),
      ok: z.number().int(),
      refused: z.number().int(),
      failed: z.number().int(),
    }),
    /** Median latency (ms) of its last 1,000 commands; null before the first. */
    p50_latency_ms: z.number().nullable(),
    last_activity_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ChannelStatus' });
export type ChannelStatus = z.infer<typeof ChannelStatus>;

export const ChannelListResponse = z
  .strictObject({ items: z.array(ChannelStatus) })
  .meta({ id: 'ChannelListResponse' });

export const PatchChannelRequest = z
  .strictObject({ enabled: z.boolean() })
  .meta({ id: 'PatchChannelRequest' });
export type PatchChannelRequest = z.infer<typeof PatchChannelRequest>;

export const WsTicketResponse = z
  .strictObject({
    ticket: z.string(),
    expires_at: z.iso.datetime(),
    /** Where to use it: `<url>?ticket=<ticket>`. */
    url: z.string(),
  })
  .meta({ id: 'WsTicketResponse' });
export type WsTicketResponse = z.infer<typeof WsTicketResponse>;

// --- WebSocket messages (subprotocol `kyros.v1`) ------------------------------------------------

const MessageId = z.string().min(1).max(100);
const FilterList = z.array(z.string().min(1).max(200)).min(1).max(50);

export const WsEventFilter = z.strictObject({
  task: FilterList.optional(),
  agent: FilterList.optional(),
  type: FilterList.optional(),
});

/** What a client sends. */
export const WsClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('command'),
    id: MessageId,
    text: z.string().max(MAX_COMMAND_TEXT).optional(),
    command: z.unknown().optional(),
  }),
  z.strictObject({
    type: z.literal('subscribe'),
    id: MessageId,
    filter: WsEventFilter.default({}),
    /** Replay every matching event after this id first; without it the subscription starts live. */
    after: z.number().int().min(0).optional(),
  }),
  z.strictObject({ type: z.literal('unsubscribe'), id: MessageId }),
]);
export type WsClientMessage = z.infer<typeof WsClientMessage>;

/** What the server sends. */
export const WsServerMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    protocol: z.string(),
    actor: z.string(),
    max_message_bytes: z.number().int(),
  }),
  z.strictObject({
    type: z.literal('reply'),
    id: MessageId,
    command_id: z.uuid(),
    reply: ChannelReply,
  }),
  z.strictObject({ type: z.literal('subscribed'), id: MessageId, after: z.number().int() }),
  z.strictObject({ type: z.literal('unsubscribed'), id: MessageId }),
  z.strictObject({ type: z.literal('event'), subscription: MessageId, event: CollabEventSchema }),
  z.strictObject({
    type: z.literal('error'),
    id: MessageId.optional(),
    code: z.string(),
    message: z.string(),
  }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessage>;

/** The subprotocol every connection speaks; a bearer credential may ride as a second one. */
export const WS_PROTOCOL = 'kyros.v1';
/** `Sec-WebSocket-Protocol: kyros.v1, kyros.bearer.<token>` (browsers cannot set headers). */
export const WS_BEARER_PROTOCOL_PREFIX = 'kyros.bearer.';
