import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

export interface HumanLogInput {
  events: readonly CollabEvent[];
  /** How the events were selected, as (words, value) pairs, e.g. [["task", "T-100"]]. */
  selection: Array<[string, string]>;
  generatedAt: Date;
  /** Set when more events matched than the summary covers. */
  truncated?: boolean;
}

/** Details worth a reader's attention, in this order, when an event carries them. */
const NOTABLE_DETAILS = [
  'from',
  'to',
  'old_status',
  'new_status',
  'resource',
  'reason',
  'error',
  'exit_code',
];

const NAMED_OUTCOME = /_(succeeded|failed|claimed|reclaimed|released)$/;

/**
 * Renders a Markdown section summarising the events: grouped by task (`details.task_id`, else the
 * target), then by agent (`details.agent`, else the actor), each with its outcome and a timeline.
 * Every value that comes from an event is put in a code span, so nothing a writer sends can
 * become Markdown structure.
 */
export function renderHumanLog(input: HumanLogInput): string {
  const { events } = input;
  const heading = `## ${formatInstant(input.generatedAt.toISOString(), false)} UTC — ${plural(events.length, 'event')}`;
  const selection = input.selection.length
    ? input.selection.map(([words, value]) => `${words} ${code(value)}`).join('; ')
    : 'all events';
  const lines = [heading, '', `Selection: ${selection}.`];
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) return [...lines, '', 'No events matched.', ''].join('\n');

  const sameDay = first.ts.slice(0, 10) === last.ts.slice(0, 10);
  const span = `${sameDay ? `${first.ts.slice(0, 10)}, ` : ''}${formatInstant(first.ts, sameDay)} → ${formatInstant(last.ts, sameDay)} UTC`;
  lines.push(`Events #${first.id}–#${last.id}, ${span}.`);
  const tally = tallyOutcomes(events);
  if (tally) lines.push(`Outcomes: ${tally}.`);
  if (input.truncated)
    lines.push(
      `Only the first ${events.length} matching events are summarised; narrow the selection for the rest.`,
    );

  for (const [task, taskEvents] of groupBy(events, taskOf)) {
    const outcome = lastOutcome(taskEvents);
    lines.push('', `### ${code(task)}${outcome ? ` — ${outcome}` : ''}`, '');
    for (const [agent, agentEvents] of groupBy(taskEvents, agentOf)) {
      const path = agentEvents.map(outcomeOf).filter((o): o is string => o !== undefined);
      lines.push(`- **${code(agent)}**${path.length ? ` (${path.join(' → ')})` : ''}`);
      for (const event of agentEvents) {
        lines.push(`  - ${formatInstant(event.ts, sameDay)} · ${describe(event)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What an event means for its task, when its name says: succeeded, failed, claimed, … */
export function outcomeOf(event: CollabEvent): string | undefined {
  const named = NAMED_OUTCOME.exec(event.event)?.[1];
  if (named) return named;
  const status = event.details.new_status ?? event.details.to;
  return typeof status === 'string' ? `moved to ${status}` : undefined;
}

function describe(event: CollabEvent): string {
  const notable = NOTABLE_DETAILS.flatMap((key) => {
    const value = event.details[key];
    if (typeof value === 'string') return [`${key} ${code(value)}`];
    if (typeof value === 'number' || typeof value === 'boolean')
      return [`${key} ${code(String(value))}`];
    return [];
  });
  const words = event.event.replaceAll('_', ' ');
  return `${words} (#${event.id})${notable.length ? ` — ${notable.join(', ')}` : ''}`;
}

function taskOf(event: CollabEvent): string {
  return typeof event.details.task_id === 'string' ? event.details.task_id : event.target;
}

function agentOf(event: CollabEvent): string {
  return typeof event.details.agent === 'string' ? event.details.agent : event.actor;
}

function lastOutcome(events: readonly CollabEvent[]): string | undefined {
  return events.map(outcomeOf).findLast((outcome) => outcome !== undefined);
}

function tallyOutcomes(events: readonly CollabEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) {
    const outcome = NAMED_OUTCOME.exec(event.event)?.[1];
    if (outcome) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
}

/** Groups in order of first appearance, keeping each group's events in log order. */
function groupBy(
  events: readonly CollabEvent[],
  keyOf: (event: CollabEvent) => string,
): Map<string, CollabEvent[]> {
  const groups = new Map<string, CollabEvent[]>();
  for (const event of events) {
    const key = keyOf(event);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}

/** `2026-11-25 10:00:01`, or just the time when the whole summary is on one day. */
function formatInstant(iso: string, timeOnly: boolean): string {
  const time = iso.slice(11, 19);
  return timeOnly ? time : `${iso.slice(0, 10)} ${time}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A Markdown code span that holds any text: fenced by more backticks than it contains (CommonMark § 6.1). */
export function code(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, ' ').slice(0, 200);
  if (flat.trim() === '') return '(blank)';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
