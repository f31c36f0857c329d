import {
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type Task,
  type TaskStatus,
} from '@kyros/contracts/schemas/collab-tasks';

export const COLUMN_LABELS: Record<TaskStatus, string> = {
  queued: 'Queued',
  claimed: 'Claimed',
  in_progress: 'In progress',
  review: 'Review',
  approved: 'Approved',
  merging: 'Merging',
  done: 'Done',
};

export function canMove(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/**
 * Where a keyboard move goes: right is the next column if the board allows it; left is the
 * nearest allowed column to the left (a back-edge such as review → in_progress, or unclaim).
 */
export function keyboardTarget(
  from: TaskStatus,
  direction: 'left' | 'right',
): TaskStatus | undefined {
  const index = TASK_STATUSES.indexOf(from);
  if (direction === 'right') {
    const next = TASK_STATUSES[index + 1];
    return next && canMove(from, next) ? next : undefined;
  }
  for (let i = index - 1; i >= 0; i -= 1) {
    const candidate = TASK_STATUSES[i];
    if (candidate && canMove(from, candidate)) return candidate;
  }
  return undefined;
}

/** The board's columns with each task where it is, or where an in-flight move is taking it. */
export function groupByStatus(
  tasks: readonly Task[],
  pendingMoves: ReadonlyMap<string, TaskStatus>,
): Record<TaskStatus, Task[]> {
  const columns = Object.fromEntries(
    TASK_STATUSES.map((status) => [status, [] as Task[]]),
  ) as Record<TaskStatus, Task[]>;
  for (const task of tasks) columns[pendingMoves.get(task.id) ?? task.status].push(task);
  return columns;
}

export type DependencyState = 'done' | 'open' | 'missing';

export interface Dependency {
  id: string;
  state: DependencyState;
  status?: TaskStatus;
}

export function dependenciesOf(task: Task, byId: ReadonlyMap<string, Task>): Dependency[] {
  return task.dependencies.map((id) => {
    const dependency = byId.get(id);
    if (!dependency) return { id, state: 'missing' };
    return { id, state: dependency.status === 'done' ? 'done' : 'open', status: dependency.status };
  });
}
