import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { historyFromJson, type History } from './history-json.ts';
import { WORKFLOWS_PATH } from './workflow-test-env.ts';

const FIXTURES_DIR = new URL('./fixtures/', import.meta.url);

async function readFixture(name: string): Promise<History> {
  return historyFromJson(JSON.parse(await readFile(new URL(name, FIXTURES_DIR), 'utf8')));
}

// Histories recorded by the task-run and job integration tests (workflows/README.md), replayed
// on the workflow code as it is now: a change that would break a running workflow fails here.
describe('recorded workflow histories', () => {
  it('replay against the current workflow code (a non-deterministic change fails here)', async () => {
    const names = (await readdir(FIXTURES_DIR)).filter((name) => name.endsWith('.json')).sort();
    expect(names.length).toBeGreaterThan(0);
    const histories = await Promise.all(
      names.map(async (name) => ({ workflowId: name, history: await readFixture(name) })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['task-workflow-docs-format-local-steps.json', './executor-before-lease-workflow.ts'],
    ['task-workflow-docs-format-one-step.json', './executor-before-begin-workflow.ts'],
    ['task-workflow-docs-format-plan-in-input.json', './executor-before-begin-workflow.ts'],
    ['task-workflow-docs-format-in-worker.json', './executor-before-begin-workflow.ts'],
  ])(
    'refuse to replay %s on a task workflow that runs the executor before taking the lease',
    async (fixture, brokenWorkflow) => {
      const history = await readFixture(fixture);
      const replay = Worker.runReplayHistory(
        { workflowsPath: fileURLToPath(new URL(brokenWorkflow, import.meta.url)) },
        history,
      );
      await expect(replay).rejects.toThrow(DeterminismViolationError);
    },
  );
});
