import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';

/**
 * The pattern form of the language: one regular expression per command, over normalised text,
 * keywords case-insensitive. What each match yields is still checked with the `ChannelCommand`
 * schema by the caller.
 */
const TASK = '(t-[0-9]{1,9})';
const UUID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const STATUS = '(queued|claimed|in[ _-]?progress|review|approved|merging|done)';

type Candidate = Record<string, unknown>;

const PATTERNS: readonly { pattern: RegExp; build: (match: RegExpExecArray) => Candidate }[] = [
  { pattern: re(`claim ${TASK}`), build: (m) => ({ command: 'claim', task: taskId(m[1]) }) },
  {
    pattern: re(`move ${TASK} to ${STATUS}`),
    build: (m) => ({ command: 'transition', task: taskId(m[1]), to: statusWord(m[2]) }),
  },
  { pattern: re(`run ${TASK}`), build: (m) => ({ command: 'run', task: taskId(m[1]) }) },
  { pattern: re(`cancel ${TASK}`), build: (m) => ({ command: 'cancel', task: taskId(m[1]) }) },
  {
    pattern: re(`approve ${TASK}(?: (?:at )?(?:version |v ?)([0-9]{1,9}))?`),
    build: (m) => ({
      command: 'approve',
      task: taskId(m[1]),
      ...(m[2] === undefined ? {} : { version: Number(m[2]) }),
    }),
  },
  { pattern: re(`status ${TASK}`), build: (m) => ({ command: 'status', task: taskId(m[1]) }) },
  {
    pattern: re(`tasks (ready|${STATUS.slice(1, -1)})`),
    build: (m) => ({
      command: 'tasks',
      filter: m[1]?.toLowerCase() === 'ready' ? 'ready' : statusWord(m[1]),
    }),
  },
  {
    pattern: re(`start job ([a-z0-9][a-z0-9._-]{0,99})((?: [^ =]+=(?:"[^"]*"|[^ "]*))*)`),
    build: (m) => ({ command: 'start_job', preset: m[1], input: keyValues(m[2] ?? '') }),
  },
  {
    pattern: re(`accept job ${UUID} variant #?([0-9]{1,3})`),
    build: (m) => ({ command: 'accept_job', job: m[1]?.toLowerCase(), variant: Number(m[2]) }),
  },
  {
    pattern: re(`export job ${UUID}`),
    build: (m) => ({ command: 'export_job', job: m[1]?.toLowerCase() }),
  },
  { pattern: re('help'), build: () => ({ command: 'help' }) },
];

/** The command the text spells in the pattern form, unchecked; undefined when none matches. */
export function matchPattern(text: string): Candidate | undefined {
  for (const { pattern, build } of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return build(match);
  }
  return undefined;
}

/** `t-101` → `T-101`. */
export function taskId(raw: string | undefined): string {
  return (raw ?? '').toUpperCase();
}

/** `In Progress`, `in-progress`, `in_progress` → `in_progress`. */
export function statusWord(raw: string | undefined): TaskStatus {
  const word = (raw ?? '').toLowerCase().replace(/[ _-]/g, '');
  return (word === 'inprogress' ? 'in_progress' : word) as TaskStatus;
}

/** ` version=1.2 title="Big one"` → `{ version: '1.2', title: 'Big one' }`. */
export function keyValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of text.matchAll(/([^ =]+)=(?:"([^"]*)"|([^ "]*))/g)) {
    const key = match[1];
    if (key === undefined || key === '__proto__') continue;
    values[key] = match[2] ?? match[3] ?? '';
  }
  return values;
}

function re(body: string): RegExp {
  return new RegExp(`^${body}$`, 'i');
}
