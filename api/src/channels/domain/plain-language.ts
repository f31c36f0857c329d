import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { keyValues, statusWord, taskId } from './pattern-commands.ts';

/**
 * The plain-language fallback ("please move T-101 into review"), mapped deterministically onto the
 * grammar: every word must be known — a command word, an id, a status, a number or a filler such
 * as "please" or "the". One unknown word and nothing runs: "claim T-101 and delete everything" is
 * refused, never half-understood. The result is a candidate the caller checks with the schema.
 */

type Intent =
  | 'claim'
  | 'transition'
  | 'run'
  | 'cancel'
  | 'approve'
  | 'status'
  | 'list'
  | 'start'
  | 'accept'
  | 'export'
  | 'help';

const INTENT_WORDS: Readonly<Record<string, Intent>> = {
  claim: 'claim',
  take: 'claim',
  grab: 'claim',
  pick: 'claim',
  move: 'transition',
  put: 'transition',
  send: 'transition',
  shift: 'transition',
  transition: 'transition',
  mark: 'transition',
  set: 'transition',
  push: 'transition',
  run: 'run',
  execute: 'run',
  launch: 'run',
  trigger: 'run',
  kick: 'run',
  start: 'start',
  cancel: 'cancel',
  stop: 'cancel',
  abort: 'cancel',
  halt: 'cancel',
  approve: 'approve',
  lgtm: 'approve',
  sign: 'approve',
  status: 'status',
  state: 'status',
  show: 'status',
  check: 'status',
  how: 'status',
  where: 'status',
  tasks: 'list',
  list: 'list',
  accept: 'accept',
  choose: 'accept',
  export: 'export',
  download: 'export',
  help: 'help',
  commands: 'help',
  usage: 'help',
};

const STATUS_WORDS: Readonly<Record<string, TaskStatus>> = {
  queued: 'queued',
  queue: 'queued',
  backlog: 'queued',
  todo: 'queued',
  claimed: 'claimed',
  progress: 'in_progress',
  'in-progress': 'in_progress',
  in_progress: 'in_progress',
  doing: 'in_progress',
  wip: 'in_progress',
  review: 'review',
  reviewing: 'review',
  approved: 'approved',
  merging: 'merging',
  merge: 'merging',
  done: 'done',
  finished: 'done',
  complete: 'done',
  completed: 'done',
};

const READY_WORDS = new Set(['ready', 'claimable', 'available', 'open']);
const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};

/** Words that carry no meaning here (politeness, articles, prepositions, pronouns). */
const FILLERS = new Set(
  (
    'please pls plz kindly could can would will you u i we me my our us let lets the a an ' +
    'task ticket card item is are be it its this that of for on at in into to onto from up off ' +
    'with what whats which now just go ahead thanks thank hey hi hello kyros do does ? ' +
    'again over there here back as so quickly asap use know and then'
  ).split(' '),
);

export interface PlainReading {
  candidate?: Record<string, unknown>;
  /** Why nothing could be read; the words that were understood help build suggestions. */
  refusal?: { code: 'unknown_command' | 'ambiguous_command'; message: string };
  tasks: string[];
  intents: Intent[];
}

/** Reads normalised text as plain language. */
export function readPlainLanguage(text: string): PlainReading {
  const words = text
    .replace(/[!,;:.]+(\s|$)/g, ' ')
    .replace(/\?+/g, ' ? ')
    .split(' ')
    .filter((word) => word.length > 0);
  const tasks: string[] = [];
  const jobs: string[] = [];
  const statuses: TaskStatus[] = [];
  const numbers: number[] = [];
  const intents = new Set<Intent>();
  const unknown: string[] = [];
  const pairs: string[] = [];
  let ready = false;
  let sawJob = false;
  let sawVariant = false;
  let sawVersion = false;
  let versionNumber: number | undefined;
  for (const raw of words) {
    // Quotes and brackets around a word, and a contraction's 's ("what's", "how's"), say nothing.
    const word = raw
      .toLowerCase()
      .replace(/^['"(]+|['")]+$/g, '')
      .replace(/'s$/, '');
    if (word.length === 0) continue;
    if (/^t-?[0-9]{1,9}$/.test(word)) tasks.push(taskId(word.replace(/^t-?/, 't-')));
    else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(word))
      jobs.push(word);
    else if (/^#?[0-9]{1,9}$/.test(word)) numbers.push(Number(word.replace('#', '')));
    else if (/^v[0-9]{1,9}$/.test(word)) versionNumber = Number(word.slice(1));
    else if (word in ORDINALS) numbers.push(ORDINALS[word] ?? 0);
    else if (word === 'job' || word === 'jobs') sawJob = true;
    else if (word === 'variant' || word === 'option') sawVariant = true;
    else if (word === 'version') sawVersion = true;
    else if (/^[a-z_][a-z0-9_.-]{0,63}=/.test(word)) pairs.push(raw);
    else if (READY_WORDS.has(word)) ready = true;
    else if (word in STATUS_WORDS) statuses.push(STATUS_WORDS[word] ?? 'queued');
    else if (word in INTENT_WORDS) intents.add(INTENT_WORDS[word] ?? 'help');
    else if (FILLERS.has(word)) continue;
    else unknown.push(raw);
  }
  const reading = { tasks, intents: [...intents] };
  // "start job <preset>": the preset is the one word nothing else claims.
  if (intents.has('start') && sawJob && tasks.length === 0 && unknown.length === 1) {
    return {
      ...reading,
      candidate: {
        command: 'start_job',
        preset: unknown[0]?.toLowerCase(),
        input: keyValues(` ${pairs.join(' ')}`),
      },
    };
  }
  if (unknown.length > 0 || pairs.length > 0) {
    const shown = [...unknown, ...pairs].slice(0, 5).map((word) => `"${word.slice(0, 40)}"`);
    return refuse(reading, 'unknown_command', `I do not understand ${shown.join(', ')}`);
  }
  // "start T-5" means run it; "stop" is already cancel.
  if (intents.has('start') && tasks.length > 0) {
    intents.delete('start');
    intents.add('run');
  }
  // "abort the run of T-5": the run is what is cancelled.
  if (intents.has('cancel')) intents.delete('run');
  // "show tasks in review": a list, not the status of a task.
  if (intents.has('list') && tasks.length === 0) intents.delete('status');
  // "how is T-5 doing": `doing` is a status word only when moving something.
  if (intents.has('status') && !intents.has('transition')) statuses.length = 0;
  if (intents.size > 1) {
    return refuse(
      reading,
      'ambiguous_command',
      `That asks for ${[...intents].join(' and ')}: send one command at a time`,
    );
  }
  if (tasks.length > 1 || jobs.length > 1) {
    return refuse(reading, 'ambiguous_command', 'Name one task or job per command');
  }
  const [intent] = intents;
  const task = tasks[0];
  const job = jobs[0];
  const candidate = buildCandidate(intent, {
    task,
    job,
    statuses,
    numbers,
    ready,
    sawJob,
    sawVariant,
    version: versionNumber ?? (sawVersion ? numbers[0] : undefined),
  });
  if (candidate) return { ...reading, candidate };
  return refuse(reading, 'unknown_command', 'I could not tell which command you mean');
}

interface Parts {
  task: string | undefined;
  job: string | undefined;
  statuses: TaskStatus[];
  numbers: number[];
  ready: boolean;
  sawJob: boolean;
  sawVariant: boolean;
  version: number | undefined;
}

function buildCandidate(
  intent: Intent | undefined,
  parts: Parts,
): Record<string, unknown> | undefined {
  const { task, job, statuses, numbers } = parts;
  const onlyTask = task !== undefined && job === undefined && numbers.length === 0;
  switch (intent) {
    case 'claim':
      return onlyTask && statuses.length === 0 ? { command: 'claim', task } : undefined;
    case 'transition':
      return onlyTask && statuses.length === 1
        ? { command: 'transition', task, to: statusWord(statuses[0]) }
        : undefined;
    case 'run':
    case 'cancel':
    case 'status':
      return onlyTask && statuses.length === 0 ? { command: intent, task } : undefined;
    case 'approve':
      if (task === undefined || job !== undefined || statuses.length > 0) return undefined;
      if (numbers.length > (parts.version === undefined ? 0 : 1)) return undefined;
      return {
        command: 'approve',
        task,
        ...(parts.version === undefined ? {} : { version: parts.version }),
      };
    case 'list':
      if (task !== undefined || job !== undefined || numbers.length > 0) return undefined;
      if (parts.ready && statuses.length === 0) return { command: 'tasks', filter: 'ready' };
      return !parts.ready && statuses.length === 1
        ? { command: 'tasks', filter: statuses[0] }
        : undefined;
    case 'accept':
      return job !== undefined && task === undefined && numbers.length === 1
        ? { command: 'accept_job', job, variant: numbers[0] }
        : undefined;
    case 'export':
      return job !== undefined && task === undefined && numbers.length === 0
        ? { command: 'export_job', job }
        : undefined;
    case 'help':
      return task === undefined && job === undefined ? { command: 'help' } : undefined;
    case 'start':
    case undefined:
      // "what's ready?" lists; anything else without a command word is not a command.
      if (intent === undefined && parts.ready && task === undefined && statuses.length === 0) {
        return { command: 'tasks', filter: 'ready' };
      }
      return undefined;
  }
}

function refuse(
  reading: Pick<PlainReading, 'tasks' | 'intents'>,
  code: 'unknown_command' | 'ambiguous_command',
  message: string,
): PlainReading {
  return { ...reading, refusal: { code, message } };
}
