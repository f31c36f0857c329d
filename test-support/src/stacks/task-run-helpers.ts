import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Stack } from './stack.ts';

export const UNFORMATTED = '# Title\n\n*  one\n*  two\n\nSome   text.\n';
export const FORMATTED = '# Title\n\n- one\n- two\n\nSome text.\n';

/** What the task-run tests do through the public API, over one stack. */
export function taskRunHelpers(stack: () => Stack) {
  return {
    post: async (taskId: string, action: 'run' | 'cancel') => {
      const response = await fetch(`${stack().apiUrl}/collab/tasks/${taskId}/${action}`, {
        method: 'POST',
        headers: stack().authHeaders,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },

    /** `GET /collab/tasks/{id}/run`: the latest run's status and progress. */
    runStatus: async (taskId: string) => {
      const response = await fetch(`${stack().apiUrl}/collab/tasks/${taskId}/run`, {
        headers: stack().authHeaders,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },

    /** Every `lease_released` event about the task, whoever wrote it. */
    leaseReleasedEvents: async (taskId: string) => {
      const page = await stack().collab.listEvents({
        task: [taskId],
        type: ['lease_released'],
        limit: 1000,
      });
      return page.events;
    },

    /**
     * A `docs/format` task over one unformatted file `<name>.md`. Its glob names that file, so
     * the run's executor runs in the worker (`executorRunsInWorker`); `'activity'` makes the glob
     * a pattern (`<name>.m?`, the same one file) that runs it as the heartbeating activity.
     */
    formatTask: async (name: string, executor: 'in-worker' | 'activity' = 'in-worker') => {
      await writeFile(path.join(stack().workspaceRoot, `${name}.md`), UNFORMATTED);
      const glob = executor === 'in-worker' ? `${name}.md` : `${name}.m?`;
      const { id } = await stack().collab.createTask({
        title: `Format ${name}`,
        executor: { name: 'docs/format', args: { glob } },
      });
      return id;
    },

    readWorkspace: (name: string): Promise<string> => {
      return readFile(path.join(stack().workspaceRoot, name), 'utf8');
    },

    /** The events the workflow itself wrote, in order (the store's own events carry no run id). */
    workflowEvents: async (taskId: string) => {
      const page = await stack().collab.listEvents({ task: [taskId], limit: 1000 });
      return page.events.filter((event) => event.details.workflow_id === `task-${taskId}`);
    },

    leasesLeft: async () => {
      return (await stack().collab.getState('locks')).data.leases;
    },
  };
}

/** Polls until `probe` yields `expected`; the bound only stops a broken run from hanging. */
export async function eventually<T>(
  probe: () => Promise<T>,
  expected: T,
  boundMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  let value: T | undefined;
  while (Date.now() < deadline) {
    value = await probe().catch(() => undefined);
    if (value === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still ${JSON.stringify(value)}, not ${JSON.stringify(expected)}`);
}
