import { execFile } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import * as prettier from 'prettier';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '@kyros/activities/create-worker';
import { testTemporalCli } from './test-temporal.ts';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

const HISTORY_FIXTURES_DIR = fileURLToPath(
  new URL('../../../workflows/test/fixtures', import.meta.url),
);

export interface TaskHistory {
  workflowId: string;
  runId: string;
  history: History;
  /** The attempt number each started executor activity ran as. */
  executorAttempts: number[];
  /** The attempt each executor run in the worker (a local activity marker) ended on. */
  executorInWorkerAttempts: number[];
  executorRetryPolicy: unknown;
}

/** A finished run's history, with what the tests read from it about the executor activity. */
export async function taskHistory(handle: WorkflowHandle): Promise<TaskHistory> {
  const history = await handle.fetchHistory();
  const executorScheduled = new Set<string>();
  let executorRetryPolicy: unknown;
  const executorAttempts: number[] = [];
  const executorInWorkerAttempts: number[] = [];
  for (const event of history.events ?? []) {
    const local = localActivityMarker(event);
    if (local?.activity_type === 'runTaskExecutor') executorInWorkerAttempts.push(local.attempt);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'runTaskExecutor') {
      executorScheduled.add(String(event.eventId));
      executorRetryPolicy = scheduled.retryPolicy;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started && executorScheduled.has(String(started.scheduledEventId))) {
      executorAttempts.push(started.attempt ?? 0);
    }
  }
  return {
    workflowId: handle.workflowId,
    runId:
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? '',
    history,
    executorAttempts,
    executorInWorkerAttempts,
    executorRetryPolicy,
  };
}

type HistoryEvent = NonNullable<History['events']>[number];

/** What the SDK records about a local activity: its type and the attempt it ended on. */
function localActivityMarker(
  event: HistoryEvent,
): { activity_type: string; attempt: number } | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  return JSON.parse(Buffer.from(data).toString('utf8')) as {
    activity_type: string;
    attempt: number;
  };
}

/** Replays a history against today's workflow code: a non-deterministic change fails here. */
export async function replayOwnHistory(recorded: TaskHistory, workflowId: string): Promise<void> {
  await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, recorded.history, workflowId);
}

/**
 * Saves a history as a committed fixture that `workflow-replay.integration.test.ts` replays
 * forever after. An existing fixture is kept — it stands for the previous version — unless
 * KYROS_UPDATE_HISTORY_FIXTURES=1 asks to re-record on purpose.
 */
export async function recordHistoryFixture(
  name: string,
  recorded: TaskHistory,
  temporalAddress: string,
): Promise<void> {
  const file = path.join(HISTORY_FIXTURES_DIR, `${name}.json`);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists && process.env.KYROS_UPDATE_HISTORY_FIXTURES !== '1') return;
  // The CLI writes the canonical proto3 JSON that Worker.runReplayHistories reads (the SDK's own
  // historyToJSON trips over a second protobufjs copy in this install).
  const { stdout } = await promisify(execFile)(
    await testTemporalCli(),
    [
      'workflow',
      'show',
      '--address',
      temporalAddress,
      '--workflow-id',
      recorded.workflowId,
      '--run-id',
      recorded.runId,
      '--output',
      'json',
    ],
    { maxBuffer: 32 * 1024 * 1024 },
  );
  // Written as `npm run format` would leave it, so the format check accepts the fixture.
  await writeFile(file, await prettier.format(stdout, { parser: 'json' }));
}
