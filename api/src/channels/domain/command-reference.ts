import type { ChannelCommandName } from '@kyros/contracts/schemas/channels';

/** One command of the language, as `help` lists it and refusals suggest it. */
export interface CommandReference {
  command: ChannelCommandName;
  /** The pattern form, with <placeholders>. */
  syntax: string;
  summary: string;
  /** Words that make a person think of this command (for the closest-command suggestions). */
  keywords: readonly string[];
}

/** The whole language, in the order `help` shows it (docs/CHANNELS.md repeats it). */
export const COMMAND_REFERENCE: readonly CommandReference[] = [
  {
    command: 'claim',
    syntax: 'claim <task>',
    summary: 'take a queued task (its dependencies must be done)',
    keywords: ['claim', 'take', 'grab', 'pick'],
  },
  {
    command: 'transition',
    syntax: 'move <task> to <status>',
    summary:
      'move a task along the board (queued, claimed, in_progress, review, approved, merging, done)',
    keywords: ['move', 'transition', 'put', 'set', 'mark', 'send'],
  },
  {
    command: 'run',
    syntax: 'run <task>',
    summary: "run the task's executor as its Temporal workflow",
    keywords: ['run', 'execute', 'launch', 'trigger'],
  },
  {
    command: 'cancel',
    syntax: 'cancel <task>',
    summary: "cancel the task's running workflow",
    keywords: ['cancel', 'stop', 'abort', 'halt'],
  },
  {
    command: 'approve',
    syntax: 'approve <task> [version <n>]',
    summary: 'approve a task in review, at the version you looked at',
    keywords: ['approve', 'approval', 'lgtm', 'sign'],
  },
  {
    command: 'status',
    syntax: 'status <task>',
    summary: "a task's status, assignee and version",
    keywords: ['status', 'state', 'show', 'check', 'info'],
  },
  {
    command: 'tasks',
    syntax: 'tasks ready | tasks <status>',
    summary: 'the tasks one could claim now, or the tasks in one column',
    keywords: ['tasks', 'list', 'ready', 'board'],
  },
  {
    command: 'start_job',
    syntax: 'start job <preset> [key=value …]',
    summary: 'start a job from a preset, e.g. start job release-notes version=1.2',
    keywords: ['start', 'job', 'generate', 'preset'],
  },
  {
    command: 'accept_job',
    syntax: 'accept job <job id> variant <n>',
    summary: 'accept variant n of a job awaiting review (it is then exported)',
    keywords: ['accept', 'variant', 'choose', 'pick'],
  },
  {
    command: 'export_job',
    syntax: 'export job <job id>',
    summary: "the exported file of a job's accepted variant",
    keywords: ['export', 'download', 'file'],
  },
  {
    command: 'help',
    syntax: 'help',
    summary: 'this list',
    keywords: ['help', 'commands', 'usage', 'what'],
  },
];

export function referenceOf(command: ChannelCommandName): CommandReference {
  const found = COMMAND_REFERENCE.find((entry) => entry.command === command);
  if (!found) throw new Error(`no reference for command ${command}`);
  return found;
}
