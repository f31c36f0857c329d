import { TaskSchema, type Task, type TaskMergePatch } from '@kyros/contracts/schemas/collab-tasks';
import { AppError } from '../../errors/app-error.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { applyMergePatch } from '../domain/json-merge-patch.ts';
import { dependencyProblem } from '../domain/task-state-machine.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import { normaliseResources } from './check-conflicts.ts';
import { assertSoundDependencies, itemEtag, loadTaskForWrite } from './write-guards.ts';
import { taskList, tasksDocument } from '../store/tasks-document.ts';

export interface PatchTaskOptions {
  store: CollabStore;
  id: string;
  patch: TaskMergePatch;
  ifMatch: string | undefined;
  fencingToken: number | undefined;
  actor: string;
}

/**
 * Applies a JSON merge patch to one task under its own ETag, so agents editing different tasks
 * never conflict. A patch that changes nothing is answered without a write.
 */
export async function patchTask(
  options: PatchTaskOptions,
): Promise<{ ok: true; etag: string; task: Task }> {
  const { store, id, patch, ifMatch, fencingToken, actor } = options;
  return store.tasks.update((doc) => {
    const { index, current, lookup } = loadTaskForWrite(doc, store.locks.doc, id, {
      ifMatch: { header: ifMatch, policy: 'required' },
      fencingToken,
    });
    const merged = applyMergePatch(current, patch) as Record<string, unknown>;
    const parsed = TaskSchema.safeParse({
      ...merged,
      id: current.id,
      status: current.status,
      version: current.version,
      created_at: current.created_at,
      updated_at: current.updated_at,
    });
    if (!parsed.success) {
      throw new AppError('invalid', 'The patched task would be invalid', {
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      });
    }
    const changed = changedFields(current, parsed.data);
    if (changed.length === 0)
      return { result: { ok: true, etag: itemEtag(current), task: current } };
    if (changed.includes('dependencies')) {
      assertSoundDependencies(dependencyProblem(id, parsed.data.dependencies, lookup));
    }
    const task: Task = {
      ...parsed.data,
      ...(parsed.data.resources
        ? { resources: normaliseResources(parsed.data.resources, 'resources') }
        : {}),
      version: current.version + 1,
      updated_at: store.clock().toISOString(),
    };
    return {
      next: tasksDocument(doc.version, taskList(doc).with(index, task)),
      result: { ok: true, etag: itemEtag(task), task },
      events: [
        {
          event: 'task_updated',
          actor,
          target: id,
          details: { task_id: id, version: task.version, fields: changed },
        },
      ],
    };
  });
}

function changedFields(before: Task, after: Task): string[] {
  const keys = Object.keys(after) as (keyof Task)[];
  return keys.filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key]));
}
