import type { ChannelCommandName } from '@kyros/contracts/schemas/channels';
import { COMMAND_REFERENCE, referenceOf } from './command-reference.ts';

export interface SuggestionHints {
  /** Task ids the text named. */
  tasks?: readonly string[];
  /** Command words the plain-language reading recognised (`claim`, `list`, `start`, …). */
  intents?: readonly string[];
  /** The first word, compared with every command's keywords by edit distance. */
  firstWord?: string | undefined;
}

const INTENT_COMMANDS: Readonly<Record<string, ChannelCommandName>> = {
  list: 'tasks',
  start: 'start_job',
  accept: 'accept_job',
  export: 'export_job',
};
const MAX_SUGGESTIONS = 5;

/**
 * The commands closest to what someone typed, in the pattern form with their own task id filled
 * in ("claim T-101"), most specific first, always ending with `help`. Pure.
 */
export function closestCommands(hints: SuggestionHints): string[] {
  const task = hints.tasks?.length === 1 ? hints.tasks[0] : undefined;
  const commands = new Set<ChannelCommandName>();
  for (const intent of hints.intents ?? []) {
    const command = INTENT_COMMANDS[intent] ?? intent;
    if (COMMAND_REFERENCE.some((entry) => entry.command === command)) {
      commands.add(command as ChannelCommandName);
    }
  }
  const word = hints.firstWord?.toLowerCase().slice(0, 40);
  if (word) {
    for (const entry of COMMAND_REFERENCE) {
      const close = entry.keywords.some(
        (keyword) => editDistance(word, keyword) <= Math.min(2, keyword.length - 2),
      );
      if (close || entry.command === word) commands.add(entry.command);
    }
  }
  if (commands.size === 0 && task) {
    for (const command of ['status', 'claim', 'transition', 'run'] as const) commands.add(command);
  }
  const suggestions = [...commands]
    .filter((command) => command !== 'help')
    .map((command) => example(command, task));
  return [...suggestions.slice(0, MAX_SUGGESTIONS - 1), 'help'];
}

/** The pattern form with the task filled in when one is known. */
function example(command: ChannelCommandName, task: string | undefined): string {
  const syntax = referenceOf(command).syntax;
  if (!task) return syntax;
  return syntax.replace('<task>', task).replace(' [version <n>]', '');
}

/** Levenshtein distance, on short words only (callers cut them to 40 characters). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
