import type { ChannelCommand, ChannelName, ChannelReply } from '@kyros/contracts/schemas/channels';
import { isTransientDatabaseError } from '@kyros/contracts/database-faults';
import { defaultActor } from '../../auth/acting-identity.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import {
  channelDisabledReply,
  parseRefusalReply,
  problemReply,
} from '../domain/command-replies.ts';
import { parseCommand, parseCommandObject } from '../domain/parse-command.ts';
import { executeCommand } from './execute-command.ts';
import { isChannelEnabled } from './update-channel.ts';

/** What a channel received: text (pattern, JSON or plain language) or a command object. */
export type CommandInput = { text: string } | { command: unknown };

export interface HandleCommandOptions {
  deps: ChannelsDeps;
  channel: ChannelName;
  principal: Principal;
  input: CommandInput;
  requestId?: string | undefined;
}

export interface HandledCommand {
  /** The `channel_commands` row. */
  commandId: string;
  reply: ChannelReply;
}

const STORED_TEXT_MAX = 4000;
const STORED_RESULT_MAX = 32 * 1024;

/**
 * One command from any channel, start to finish: refused if the channel is disabled, parsed,
 * executed as the channel's principal, then recorded — a `channel_commands` row and a
 * `channel_command` event — whatever the outcome. Returns the reply for the channel to render;
 * the channel reports later whether it reached the caller (`markReplyStatus`).
 */
export async function handleCommand(options: HandleCommandOptions): Promise<HandledCommand> {
  const { deps, channel, principal, input } = options;
  const started = performance.now();
  let command: ChannelCommand | undefined;
  let reply: ChannelReply;
  if (!(await isChannelEnabled(deps.prisma, channel))) {
    reply = channelDisabledReply(channel);
  } else {
    const parsed = 'text' in input ? parseCommand(input.text) : parseCommandObject(input.command);
    if (!parsed.ok) {
      reply = parseRefusalReply(parsed.refusal);
    } else {
      command = parsed.command;
      reply = await executeCommand({ ...options, command }).catch((error: unknown) => {
        const problem = problemOf(error);
        if (problem.status >= 500) {
          deps.logger.error({ err: error, channel, command }, 'channel command failed');
        }
        return problemReply(command, problem);
      });
    }
  }
  const commandId = await recordCommand({
    deps,
    channel,
    actor: defaultActor(principal),
    rawText: 'text' in input ? input.text : JSON.stringify(input.command ?? null),
    command,
    reply,
    latencyMs: Math.round(performance.now() - started),
  });
  return { commandId, reply };
}

export interface RecordCommandOptions {
  deps: Pick<ChannelsDeps, 'prisma' | 'eventLog'>;
  channel: ChannelName;
  /** The identity it acted as, or (refused before any principal) who sent it, e.g. `email:<from>`. */
  actor: string;
  rawText: string;
  command: ChannelCommand | undefined;
  reply: ChannelReply;
  latencyMs: number;
}

/** The accounting of one command: its `channel_commands` row and its `channel_command` event. */
export async function recordCommand(options: RecordCommandOptions): Promise<string> {
  const { deps, channel, actor, command, reply, latencyMs } = options;
  const row = await deps.prisma.channelCommand.create({
    data: {
      channel,
      principal: actor,
      rawText: storableText(options.rawText),
      ...(command ? { command } : {}),
      outcome: reply.outcome,
      result: storableReply(reply),
      latencyMs,
    },
    select: { id: true },
  });
  await deps.eventLog.append({
    event: 'channel_command',
    actor,
    target: `channel:${channel}`,
    details: {
      channel,
      command_id: row.id,
      command: command?.command ?? null,
      ...targetsOf(command),
      outcome: reply.outcome,
      ...(reply.code === undefined ? {} : { code: reply.code }),
      latency_ms: latencyMs,
    },
  });
  return row.id;
}

/** Whether the reply reached the caller (the socket took it, the HTTP response finished). */
export async function markReplyStatus(
  deps: Pick<ChannelsDeps, 'prisma'>,
  commandId: string,
  status: 'sent' | 'failed',
): Promise<void> {
  await deps.prisma.channelCommand.updateMany({
    where: { id: commandId, replyStatus: 'pending' },
    data: { replyStatus: status },
  });
}

function problemOf(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  if (isTransientDatabaseError(error)) {
    return { status: 503, code: 'unavailable', message: 'The database is briefly unavailable' };
  }
  return { status: 500, code: 'internal', message: 'An unexpected error occurred' };
}

/** The event's task/job ids, so the task and agent filters of every reader find it. */
function targetsOf(command: ChannelCommand | undefined): Record<string, string> {
  if (!command) return {};
  if ('task' in command) return { task_id: command.task };
  if ('job' in command) return { job_id: command.job };
  return {};
}

/** PostgreSQL text and jsonb refuse NUL; the stored copy is for people, so it is also cut. */
function storableText(text: string): string {
  const cut = text.length > STORED_TEXT_MAX ? `${text.slice(0, STORED_TEXT_MAX)}…` : text;
  return cut.split('\u0000').join('\ufffd');
}

function storableReply(reply: ChannelReply): object {
  const json = JSON.stringify(reply).replace(/\\u0000/g, '\\ufffd');
  if (json.length <= STORED_RESULT_MAX) return JSON.parse(json) as object;
  const { outcome, title, code } = reply;
  return { outcome, title: storableText(title), ...(code ? { code } : {}), truncated: true };
}
