// `GET /collab/tasks/{id}/run/history` under many readers while the run moves: ten readers at once
// while the executor runs, then ten readers polling while the run is cancelled under them.
import { setTimeout } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import {
  TaskRunHistoryResponse,
  type TaskRunHistoryResponse as History,
} from '@kyros/contracts/schemas/task-run-history';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { taskRunHelpers } from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

const READERS = 10;
/**
 * A reader that has not seen the run end within this long fails the test. A deadline, not a count
 * of reads: on a busy machine the cancel takes many more fast reads to land than on an idle one.
 */
const END_WITHIN_MS = 60_000;
/** Between two reads of one reader, so ten readers poll rather than flood the API. */
const READ_PAUSE_MS = 25;

let stack: Stack;
test.beforeAll(async ({ stack: started }) => {
  stack = started;
  await stack.startWorker();
});

const tasks = taskRunHelpers(() => stack);

async function readHistory(taskId: string): Promise<History> {
  const response = await fetch(`${stack.apiUrl}/collab/tasks/${taskId}/run/history`, {
    headers: stack.authHeaders,
  });
  expect(response.status).toBe(200);
  return TaskRunHistoryResponse.parse(await response.json());
}

const ended = (history: History) => history.steps.at(-1)?.name === 'finished';
const stepIds = (history: History) => history.steps.map((step) => step.event_id);

/** Reads until the run has ended; every read it made, in order. */
async function readUntilEnded(taskId: string): Promise<History[]> {
  const seen: History[] = [];
  const deadline = Date.now() + END_WITHIN_MS;
  while (Date.now() < deadline) {
    const history = await readHistory(taskId);
    seen.push(history);
    if (ended(history)) return seen;
    await setTimeout(READ_PAUSE_MS);
  }
  throw new Error(
    `the run had not ended within ${String(END_WITHIN_MS)} ms (${String(seen.length)} reads)`,
  );
}

describe('the run history with many readers at once', () => {
  test('every reader sees a consistent, only-growing timeline while the run is held and then cancelled', async () => {
    const id = await tasks.formatTask('readers', 'activity');
    const held = stack.faults.hold();
    const run = TaskRunResponse.parse((await tasks.post(id, 'run')).body);
    await held;

    // The executor is running: ten readers at once all see the same open run.
    const during = await Promise.all(Array.from({ length: READERS }, () => readHistory(id)));
    for (const history of during) {
      expect(history).toMatchObject({ run_id: run.run_id, status: 'RUNNING' });
      expect(ended(history)).toBe(false);
      expect(history.steps[0]).toMatchObject({ kind: 'workflow', name: 'taskWorkflow' });
      expect(history.steps.map((step) => step.name)).toContain('runTaskExecutor');
    }

    // The run ends under readers that keep reading: none ever sees a step vanish or go back.
    const readers = Array.from({ length: READERS }, () => readUntilEnded(id));
    expect((await tasks.post(id, 'cancel')).status).toBe(202);
    const sequences = await Promise.all(readers);

    const final = await readHistory(id);
    expect(final.status).toBe('CANCELLED');
    for (const reads of sequences) {
      reads.forEach((history, i) => {
        expect(history.run_id).toBe(run.run_id);
        const next = reads[i + 1];
        if (next) expect(stepIds(next).slice(0, history.steps.length)).toEqual(stepIds(history));
      });
      expect(reads.at(-1)?.steps).toEqual(final.steps);
    }
  });
});
