import { ChannelCommand, MAX_COMMAND_TEXT } from '@kyros/contracts/schemas/channels';
import { closestCommands } from './closest-commands.ts';
import { normalizeCommandText } from './normalize-command-text.ts';
import { matchPattern } from './pattern-commands.ts';
import { readPlainLanguage } from './plain-language.ts';

export type CommandForm = 'pattern' | 'json' | 'plain';

export type RefusalCode =
  | 'empty_command'
  | 'command_too_long'
  | 'unknown_command'
  | 'ambiguous_command'
  | 'invalid_command';

export interface CommandRefusal {
  code: RefusalCode;
  message: string;
  /** The closest commands, in the pattern form, to try instead. */
  suggestions: string[];
}

export type ParseResult =
  { ok: true; command: ChannelCommand; form: CommandForm } | { ok: false; refusal: CommandRefusal };

/**
 * Text → a typed command, deterministically: the JSON form (`{"command":…}`), else the pattern
 * form (`move T-101 to review`), else the plain-language fallback. Anything else is a refusal
 * that names the closest commands. Pure and total: it never throws, whatever the input.
 */
export function parseCommand(text: string): ParseResult {
  if (text.length > MAX_COMMAND_TEXT) {
    return refuse(
      'command_too_long',
      `A command is at most ${MAX_COMMAND_TEXT} characters; this one has ${text.length}`,
      closestCommands({}),
    );
  }
  const normalized = normalizeCommandText(text);
  if (normalized.length === 0) {
    return refuse('empty_command', 'The command is empty', closestCommands({}));
  }
  if (normalized.startsWith('{')) return parseJsonForm(normalized);
  if (normalized === '?') return { ok: true, command: { command: 'help' }, form: 'pattern' };
  const pattern = matchPattern(normalized);
  if (pattern) return checked(pattern, 'pattern');
  const plain = readPlainLanguage(normalized);
  if (plain.candidate) return checked(plain.candidate, 'plain');
  const hints = { tasks: plain.tasks, intents: plain.intents, firstWord: normalized.split(' ')[0] };
  return refuse(
    plain.refusal?.code ?? 'unknown_command',
    `${plain.refusal?.message ?? 'Not a command'}. Try one of the commands below, or "help".`,
    closestCommands(hints),
  );
}

/** A command given as an object (the API channel's `{"command": {…}}`, a WebSocket message). */
export function parseCommandObject(value: unknown): ParseResult {
  const result = ChannelCommand.safeParse(value);
  if (result.success) return { ok: true, command: result.data, form: 'json' };
  const name =
    typeof value === 'object' && value !== null && 'command' in value
      ? String(value.command).slice(0, 40)
      : undefined;
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(command)'}: ${issue.message}`)
    .join('; ');
  return refuse(
    'invalid_command',
    `Not a valid command object: ${detail}`,
    closestCommands(name === undefined ? {} : { firstWord: name }),
  );
}

function parseJsonForm(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(
      'invalid_command',
      'That looks like JSON but does not parse; send e.g. {"command":"transition","task":"T-101","to":"review"}',
      closestCommands({}),
    );
  }
  return parseCommandObject(value);
}

/** A candidate read from text still has to satisfy the schema (id shapes, ranges, lengths). */
function checked(candidate: Record<string, unknown>, form: CommandForm): ParseResult {
  const result = ChannelCommand.safeParse(candidate);
  if (result.success) return { ok: true, command: result.data, form };
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    .join('; ');
  const name = typeof candidate.command === 'string' ? candidate.command : undefined;
  return refuse(
    'invalid_command',
    `That is almost a command, but ${detail}`,
    closestCommands(name === undefined ? {} : { firstWord: name }),
  );
}

function refuse(code: RefusalCode, message: string, suggestions: string[]): ParseResult {
  return { ok: false, refusal: { code, message, suggestions } };
}
