import type { ChannelCommand, ChannelReply } from '@kyros/contracts/schemas/channels';
import { COMMAND_REFERENCE } from './command-reference.ts';
import type { CommandRefusal } from './parse-command.ts';

/** Pure builders of the reply model every channel renders (reply-renderers.ts). */

export type ReplyParts = Partial<Omit<ChannelReply, 'outcome' | 'title'>>;

export function okReply(
  command: ChannelCommand,
  title: string,
  parts: ReplyParts = {},
): ChannelReply {
  return { ...emptyParts(), ...parts, outcome: 'ok', title, command };
}

/** Text the parser could not read: the refusal and the closest commands. */
export function parseRefusalReply(refusal: CommandRefusal): ChannelReply {
  return {
    ...emptyParts(),
    outcome: 'refused',
    title: refusal.message,
    suggestions: refusal.suggestions,
    code: refusal.code,
  };
}

/**
 * An operation's refusal (4xx: a rule, a role, a missing task) or failure (5xx), from the
 * problem it raised. Failures never echo internals: the message is generic unless it was ours.
 */
export function problemReply(
  command: ChannelCommand | undefined,
  problem: { status: number; code: string; message: string },
  suggestions: string[] = [],
): ChannelReply {
  const failed = problem.status >= 500;
  return {
    ...emptyParts(),
    outcome: failed ? 'failed' : 'refused',
    title: problem.message,
    suggestions,
    code: problem.code,
    ...(command ? { command } : {}),
  };
}

export function channelDisabledReply(channel: string): ChannelReply {
  return {
    ...emptyParts(),
    outcome: 'refused',
    title: `The ${channel} channel is disabled; an admin can enable it (PATCH /channels/${channel})`,
    code: 'channel_disabled',
  };
}

export function helpReply(): ChannelReply {
  return {
    ...emptyParts(),
    outcome: 'ok',
    title: 'Kyros commands (pattern, JSON or plain language):',
    lines: COMMAND_REFERENCE.map((entry) => `${entry.syntax} — ${entry.summary}`),
    command: { command: 'help' },
    suggestions: [
      'move T-101 to review',
      '{"command":"transition","task":"T-101","to":"review"}',
      'please move T-101 into review',
    ],
  };
}

function emptyParts(): Omit<ChannelReply, 'outcome' | 'title'> {
  return { lines: [], fields: [], links: [], suggestions: [] };
}
