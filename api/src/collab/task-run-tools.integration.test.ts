import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { createKyrosClient, type ToolsClient } from '@kyros/contracts/client';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { snapshotDisk } from '@kyros/test-support/collab/disk-snapshot';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { taskRunHelpers, UNFORMATTED } from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

// One line of 81 characters: kept as it is by Prettier's defaults, wrapped at a width of 40.
const PARAGRAPH =
  'Kyros formats this paragraph with the options an admin set for the tool. Wrap it.\n';

describe('the tools table gates task runs and configures their executor', () => {
  let stack: Stack;
  let tools: ToolsClient;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    tools = createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.adminToken }).tools;
    await stack.startWorker();
  });

  const { post, formatTask, readWorkspace } = taskRunHelpers(() => stack);

  async function setFormat(change: { enabled?: boolean; config?: Record<string, unknown> }) {
    const current = await tools.getTool('docs/format');
    return tools.updateTool('docs/format', change, current.etag);
  }

  test('a task whose executor is disabled is refused with 409: no workflow, task untouched', async () => {
    const id = await formatTask('disabled');
    await setFormat({ enabled: false });
    const before = await stack.collab.getTask(id);
    await expectUnchanged(
      () => snapshotDisk(stack.config.collabDir),
      async () => {
        const refused = await fetch(`${stack.apiUrl}/collab/tasks/${id}/run`, {
          method: 'POST',
          headers: stack.authHeaders,
        });
        const problem = expectProblem(
          { status: refused.status, headers: refused.headers, json: await refused.json() },
          409,
          'conflict',
        );
        expect(problem).toMatchObject({ task_id: id, executor: 'docs/format' });
        expect(problem.detail).toMatch(/disabled/);
      },
    );
    expect(await stack.collab.getTask(id)).toEqual(before);
    await expect(stack.temporal.workflow.getHandle(`task-${id}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    expect(await readWorkspace('disabled.md')).toBe(UNFORMATTED);

    // Enabled again, the same task runs.
    await setFormat({ enabled: true });
    const started = await post(id, 'run');
    expect(started.status).toBe(202);
    await stack.temporal.workflow.getHandle(`task-${id}`).result();
    expect((await stack.collab.getTask(id)).task.status).toBe('review');
  });

  test('the run takes the options it started with: an edit or a disable afterwards never reaches it', async () => {
    await writeFile(path.join(stack.workspaceRoot, 'wrap.md'), PARAGRAPH);
    const { id } = await stack.collab.createTask({
      title: 'Wrap at 40',
      executor: { name: 'docs/format', args: { glob: 'wrap.md' } },
    });
    await setFormat({ config: { printWidth: 40, proseWrap: 'always' } });
    // Someone else holds the file, so the run waits for its lease while the admin edits.
    const blockerClient = createKyrosClient({
      baseUrl: stack.apiUrl,
      credential: await stack.auth.keyFor('agent-blocker'),
    }).collab;
    const blocker = await blockerClient.acquireLease({ resource: 'wrap.md', ttl_seconds: 300 });
    const started = await post(id, 'run');
    expect(started.status).toBe(202);
    const run = TaskRunResponse.parse(started.body);
    await setFormat({ config: { printWidth: 120, proseWrap: 'never' } });
    await setFormat({ enabled: false });
    await blockerClient.releaseLease(blocker.lock_id, {});

    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    const outcome: unknown = await handle.result();
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: ['wrap.md'] });
    // A run whose input carries tool options is replayed forever after, like every other path.
    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-tool-options-in-worker',
      history,
      stack.temporalAddress,
    );
    const lines = (await readWorkspace('wrap.md')).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    await setFormat({ enabled: true, config: {} });
  });
});
