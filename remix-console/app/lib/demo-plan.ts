import type { CreateTaskRequest, Task, TaskStatus } from '@kyros/contracts/schemas/collab-tasks';

/** Every task the demo creates carries `metadata.kyros_demo: true`: it means "already filled". */
export const DEMO_MARKER = 'kyros_demo';

/** The metadata the demo writes on its tasks (invisible on the board, unlike a label). */
export const DEMO_METADATA = { [DEMO_MARKER]: true } as const;

/**
 * A board is fresh — the demo may fill it — when nothing on it was made by the demo and nobody has
 * worked on it yet: empty, or only the seed's tasks (all queued, unassigned).
 */
export function isFreshBoard(tasks: Pick<Task, 'metadata' | 'status' | 'assignee'>[]): boolean {
  if (tasks.some((task) => task.metadata[DEMO_MARKER] === true)) return false;
  return tasks.every((task) => task.status === 'queued' && !task.assignee);
}

export interface DemoTask {
  request: Omit<CreateTaskRequest, 'dependencies'> & { dependsOn?: number[] };
  /** Where the task ends up; the demo walks it there through the real transitions. */
  status: TaskStatus;
}

const ORDER: TaskStatus[] = ['claimed', 'in_progress', 'review', 'approved', 'merging', 'done'];

/** The transitions from queued to `status`, in order. */
export function pathTo(status: TaskStatus): TaskStatus[] {
  if (status === 'queued') return [];
  return ORDER.slice(0, ORDER.indexOf(status) + 1);
}

const dod = (...items: [string, boolean][]) => items.map(([item, done]) => ({ item, done }));

export const DEMO_TASKS: DemoTask[] = [
  {
    status: 'review',
    request: {
      title: 'Rate-limit /auth/login per client IP',
      priority: 'high',
      labels: ['api', 'security'],
      assignee: 'agent-atlas',
      dod: dod(
        ['Limiter on login and refresh', true],
        ['Integration test for 429', true],
        ['Documented in AUTH.md', false],
      ),
    },
  },
  {
    status: 'in_progress',
    request: {
      title: 'Kanban drag and drop with rollback',
      priority: 'critical',
      labels: ['console'],
      assignee: 'agent-iris',
      dod: dod(['Optimistic move', true], ['Rollback toast on 409/412', false]),
    },
  },
  {
    status: 'queued',
    request: {
      title: 'Format the docs folder',
      priority: 'low',
      labels: ['docs'],
      executor: { name: 'docs/format', args: {} },
    },
  },
  {
    status: 'claimed',
    request: {
      title: 'Lint the workspace and report findings',
      priority: 'medium',
      labels: ['quality'],
      assignee: 'agent-sentinel',
      executor: { name: 'lint', args: {} },
    },
  },
  {
    status: 'queued',
    request: {
      title: 'Changelog for 0.2',
      priority: 'medium',
      labels: ['docs'],
      dependsOn: [0, 1],
    },
  },
  {
    status: 'approved',
    request: {
      title: 'Jobs API: variants and export',
      priority: 'high',
      labels: ['api', 'jobs'],
      assignee: 'agent-atlas',
      dod: dod(['Variant accept endpoint', true], ['Export download', true]),
    },
  },
  {
    status: 'merging',
    request: {
      title: 'Scheduler: cron and one-shot',
      priority: 'medium',
      labels: ['workflows'],
      assignee: 'agent-atlas',
      dod: dod(['Schedules API', true], ['Pause/resume', true]),
    },
  },
  {
    status: 'done',
    request: {
      title: 'SSE relay keeps tokens server-side',
      priority: 'high',
      labels: ['console', 'security'],
      assignee: 'agent-iris',
    },
  },
  {
    status: 'queued',
    request: { title: 'Terminal daemon over WebSocket', priority: 'low', labels: ['terminal'] },
  },
];

/** Jobs the demo starts: preset name, input, and whether to accept the first variant. */
export const DEMO_JOBS = [
  {
    preset: 'release-notes',
    input: {
      version: '0.2.0',
      changes: [
        'Jobs: presets, variants, accept and export',
        'Scheduler for cron and one-shot jobs',
        'Console: live Kanban with rollback',
      ],
    },
    accept: true,
  },
  {
    preset: 'standup-summary',
    input: {
      date: 'Monday',
      done: ['Rate limiting on /auth/login'],
      next: ['Kanban rollback toast'],
      blocked: ['nothing'],
    },
    accept: false,
  },
  {
    preset: 'release-notes',
    input: { version: '0.1.1', changes: ['Fix: lease countdown drift'] },
    accept: false,
  },
] as const;
