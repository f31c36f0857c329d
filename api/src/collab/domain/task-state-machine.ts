import {
  TASK_TRANSITION_GATES,
  TASK_TRANSITIONS,
  type Task,
  type TaskStatus,
} from '@kyros/contracts/schemas/collab-tasks';

export interface UnmetDependency {
  id: string;
  status: TaskStatus | 'missing';
}

export type TransitionDecision =
  | { allowed: true }
  | { allowed: false; reason: 'illegal'; allowedMoves: readonly TaskStatus[] }
  | { allowed: false; reason: 'unmet_dependencies'; unmet: UnmetDependency[] }
  | { allowed: false; reason: 'unchecked_dod'; unchecked: string[] };

/**
 * Decides whether `task` may move to `to`: the edge must exist, then each gate of the target
 * (finished dependencies, a complete DoD checklist) must hold. Pure: `lookup` answers for the
 * other tasks on the board.
 */
export function decideTransition(
  task: Task,
  to: TaskStatus,
  lookup: (id: string) => Task | undefined,
): TransitionDecision {
  const allowedMoves = TASK_TRANSITIONS[task.status];
  if (!allowedMoves.includes(to)) return { allowed: false, reason: 'illegal', allowedMoves };
  const gates = TASK_TRANSITION_GATES[to] ?? [];
  if (gates.includes('dependencies')) {
    const unmet = unmetDependencies(task, lookup);
    if (unmet.length > 0) return { allowed: false, reason: 'unmet_dependencies', unmet };
  }
  if (gates.includes('dod')) {
    const unchecked = task.dod.filter((entry) => !entry.done).map((entry) => entry.item);
    if (unchecked.length > 0) return { allowed: false, reason: 'unchecked_dod', unchecked };
  }
  return { allowed: true };
}

export function unmetDependencies(
  task: Task,
  lookup: (id: string) => Task | undefined,
): UnmetDependency[] {
  return task.dependencies.flatMap((id): UnmetDependency[] => {
    const dependency = lookup(id);
    if (!dependency) return [{ id, status: 'missing' }];
    return dependency.status === 'done' ? [] : [{ id, status: dependency.status }];
  });
}

/** Who holds the task after a move: claiming takes it, unclaiming (→ queued) gives it back. */
export function assigneeAfter(task: Task, to: TaskStatus, actor: string): string | null {
  if (to === 'claimed') return actor;
  if (to === 'queued') return null;
  return task.assignee;
}

/**
 * Checks a proposed dependency list: every id must exist, a task cannot depend on itself, and
 * the graph must stay acyclic. Returns a problem description, or undefined when it is sound.
 */
export function dependencyProblem(
  taskId: string,
  dependencies: readonly string[],
  lookup: (id: string) => Task | undefined,
): { kind: 'unknown'; ids: string[] } | { kind: 'cycle'; path: string[] } | undefined {
  const unknown = dependencies.filter((id) => id !== taskId && !lookup(id));
  if (unknown.length > 0) return { kind: 'unknown', ids: unknown };
  const path = findCycle(taskId, dependencies, lookup);
  return path ? { kind: 'cycle', path } : undefined;
}

function findCycle(
  start: string,
  dependencies: readonly string[],
  lookup: (id: string) => Task | undefined,
): string[] | undefined {
  const visited = new Set<string>();
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (id === start) return [...trail, id];
    if (visited.has(id)) return undefined;
    visited.add(id);
    for (const next of lookup(id)?.dependencies ?? []) {
      const found = walk(next, [...trail, id]);
      if (found) return found;
    }
    return undefined;
  };
  for (const id of dependencies) {
    const found = walk(id, [start]);
    if (found) return found;
  }
  return undefined;
}
