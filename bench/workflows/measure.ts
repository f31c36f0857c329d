import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { type LatencySummary, nowMs, round, summariseLatencies } from '../collab/latency-stats.ts';
import { startProcessCpuMeter } from '../collab/cpu-meter.ts';
import { BASELINE_TASK_QUEUE, BASELINE_WORKFLOW_TYPE } from './baseline-activities.ts';
import type { WorkflowStack } from './workflow-stack.ts';

/** Markdown that `docs/format` rewrites (list markers and spacing), so every run changes a file. */
const UNFORMATTED = '# Title\n\n*  one\n*  two\n\nSome   text.\n';

/** A `docs/format` task over one small file of its own, created (not started) through the API. */
export async function createFormatTask(stack: WorkflowStack, file: string): Promise<string> {
  const absolute = path.join(stack.workspaceRoot, file);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, UNFORMATTED);
  const { body } = await stack.send('POST', '/collab/tasks', {
    title: `Format ${file}`,
    executor: { name: 'docs/format', args: { glob: file } },
  });
  return (JSON.parse(body) as { id: string }).id;
}

/** `POST /collab/tasks/{id}/run`, then Temporal's answer when the workflow closes. */
export async function runTask(stack: WorkflowStack, taskId: string): Promise<TaskRunResponse> {
  const { body } = await stack.send('POST', `/collab/tasks/${taskId}/run`);
  const run = TaskRunResponse.parse(JSON.parse(body));
  const outcome = (await stack.temporal.workflow
    .getHandle(run.workflow_id, run.run_id)
    .result()) as { outcome?: string };
  if (outcome.outcome !== 'review') throw new Error(`task ${taskId} ended ${outcome.outcome}`);
  return run;
}

/** What one task run did, read from its history: server round trips vs work done in-worker. */
export interface TaskRunShape {
  /** Activities scheduled through the server's task queue (the executor). */
  activities: number;
  /** Local activities (the collab API calls), each a marker in the history. */
  localActivities: number;
  workflowTasks: number;
  historyEvents: number;
}

export async function taskRunShape(
  stack: WorkflowStack,
  run: TaskRunResponse,
): Promise<TaskRunShape> {
  const history = await stack.temporal.workflow
    .getHandle(run.workflow_id, run.run_id)
    .fetchHistory();
  const events = history.events ?? [];
  const count = (test: (event: (typeof events)[number]) => unknown) => events.filter(test).length;
  return {
    activities: count((event) => event.activityTaskScheduledEventAttributes),
    localActivities: count(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    ),
    workflowTasks: count((event) => event.workflowTaskCompletedEventAttributes),
    historyEvents: events.length,
  };
}

async function runBaseline(stack: WorkflowStack, activities: number, id: string): Promise<void> {
  await stack.temporal.workflow.execute(BASELINE_WORKFLOW_TYPE, {
    workflowId: id,
    taskQueue: BASELINE_TASK_QUEUE,
    args: [activities],
  });
}

export interface LatencyResult {
  runs: number;
  /** The bare workflow's trivial activities: the collab calls + executor a task run once made. */
  activities: number;
  taskShape: TaskRunShape;
  task: LatencySummary;
  baseline: LatencySummary;
  ratioP50: number;
  ratioP99: number;
}

/**
 * One task run at a time (create untimed; time POST run → workflow closed) interleaved with the
 * baseline (start → closed) so both see the same machine; the order alternates every round.
 */
export async function measureLatency(
  stack: WorkflowStack,
  options: { runs: number; warmup: number; budgetMs: number; baselineActivities: number },
): Promise<LatencyResult> {
  const timed = async (work: () => Promise<unknown>) => {
    const start = nowMs();
    await work();
    return nowMs() - start;
  };
  let sequence = 0;
  const task = async () => {
    const id = await createFormatTask(stack, `latency/t-${(sequence += 1)}.md`);
    let run: TaskRunResponse | undefined;
    const ms = await timed(async () => (run = await runTask(stack, id)));
    return { ms, run: run as TaskRunResponse };
  };
  // Warm-up: the worker's first workflow tasks load code and open connections.
  const { run: first } = await task();
  const taskShape = await taskRunShape(stack, first);
  const activities = options.baselineActivities;
  const baseline = () =>
    timed(() => runBaseline(stack, activities, `bench-baseline-${(sequence += 1)}`));
  for (let i = 1; i < options.warmup; i += 1) await task();
  for (let i = 0; i < options.warmup; i += 1) await baseline();

  const taskMs: number[] = [];
  const baselineMs: number[] = [];
  const deadline = nowMs() + options.budgetMs;
  for (let round = 0; round < options.runs && nowMs() < deadline; round += 1) {
    if (round % 2 === 0) {
      taskMs.push((await task()).ms);
      baselineMs.push(await baseline());
    } else {
      baselineMs.push(await baseline());
      taskMs.push((await task()).ms);
    }
  }
  const taskSummary = summariseLatencies(taskMs);
  const baselineSummary = summariseLatencies(baselineMs);
  return {
    runs: taskMs.length,
    activities,
    taskShape,
    task: taskSummary,
    baseline: baselineSummary,
    ratioP50: round(taskSummary.p50Ms / baselineSummary.p50Ms),
    ratioP99: round(taskSummary.p99Ms / baselineSummary.p99Ms),
  };
}

export interface ThroughputResult {
  tasks: number;
  completed: number;
  failed: number;
  /** First POST sent → last workflow closed. */
  wallSeconds: number;
  tasksPerMinute: number;
  tasksPerSecond: number;
  /** Per task: the moment every POST was sent at once → its workflow closed. */
  endToEnd: LatencySummary;
  /** Per task: its own POST sent → the API answered 202 (the workflow started). */
  startAck: LatencySummary;
  /**
   * CPU time per completed task, by process (`self`: the bench), from the start to the last
   * close, less what the process burns idle over the same time (see {@link measureIdleCpu}).
   */
  cpuMsPerTask: Record<string, number>;
}

/** CPU ms per second of each process while nothing runs: pollers, timers, the server's loops. */
export type IdleCpu = Record<string, number>;

/**
 * What the stack costs doing nothing, to take out of a phase's CPU time: on a busy machine a
 * phase takes longer, and the idle cost would otherwise grow the per-task figures with it.
 */
export async function measureIdleCpu(stack: WorkflowStack, ms = 5000): Promise<IdleCpu> {
  const cpu = startProcessCpuMeter(stack.processes);
  const start = nowMs();
  await sleep(ms);
  const seconds = (nowMs() - start) / 1000;
  return Object.fromEntries(
    Object.entries(cpu()).map(([name, used]) => [name, round(used / seconds, 1)]),
  );
}

/** A phase's CPU ms per completed unit of work, by process, net of the idle cost. */
function startPhaseCpu(stack: WorkflowStack, idle: IdleCpu) {
  const cpu = startProcessCpuMeter(stack.processes);
  const start = nowMs();
  return (units: number): Record<string, number> => {
    const seconds = (nowMs() - start) / 1000;
    return Object.fromEntries(
      Object.entries(cpu()).map(([name, used]) => {
        const net = Math.max(used - (idle[name] ?? 0) * seconds, 0);
        return [name, round(net / Math.max(units, 1), 1)];
      }),
    );
  };
}

/** Completions over the time from the common start to the last close. */
function rateOf(endToEnd: number[]) {
  const wallMs = Math.max(...endToEnd, 1);
  return {
    wallSeconds: round(wallMs / 1000),
    perMinute: round((endToEnd.length / wallMs) * 60_000, 1),
    perSecond: round((endToEnd.length / wallMs) * 1000),
  };
}

/** `tasks` docs/format tasks, each over a file of its own, all started at once. */
export async function measureThroughput(
  stack: WorkflowStack,
  tasks: number,
  idle: IdleCpu,
): Promise<ThroughputResult> {
  const ids: string[] = [];
  for (let i = 0; i < tasks; i += 1) ids.push(await createFormatTask(stack, `load/t-${i}.md`));
  const startAck: number[] = [];
  const endToEnd: number[] = [];
  let failed = 0;
  const cpu = startPhaseCpu(stack, idle);
  const start = nowMs();
  await Promise.all(
    ids.map(async (id) => {
      try {
        const { body } = await stack.send('POST', `/collab/tasks/${id}/run`);
        startAck.push(nowMs() - start);
        const run = TaskRunResponse.parse(JSON.parse(body));
        const outcome = (await stack.temporal.workflow
          .getHandle(run.workflow_id, run.run_id)
          .result()) as { outcome?: string };
        if (outcome.outcome !== 'review') throw new Error(`ended ${outcome.outcome}`);
        endToEnd.push(nowMs() - start);
      } catch (error) {
        failed += 1;
        if (failed === 1) console.error(`throughput: task ${id} failed: ${String(error)}`);
      }
    }),
  );
  const cpuMsPerTask = cpu(endToEnd.length);
  const rate = rateOf(endToEnd);
  return {
    tasks,
    completed: endToEnd.length,
    failed,
    wallSeconds: rate.wallSeconds,
    tasksPerMinute: rate.perMinute,
    tasksPerSecond: rate.perSecond,
    endToEnd: summariseLatencies(endToEnd),
    startAck: summariseLatencies(startAck),
    cpuMsPerTask,
  };
}

export interface BaselineThroughputResult {
  workflows: number;
  activities: number;
  completed: number;
  wallSeconds: number;
  workflowsPerSecond: number;
  endToEnd: LatencySummary;
  /** CPU time per completed workflow, by process, net of the idle cost as for the tasks. */
  cpuMsPerWorkflow: Record<string, number>;
}

/** `workflows` bare workflows of `activities` trivial activities, all started at once. */
export async function measureBaselineThroughput(
  stack: WorkflowStack,
  options: { workflows: number; activities: number; idle: IdleCpu },
): Promise<BaselineThroughputResult> {
  const endToEnd: number[] = [];
  let failed = 0;
  const cpu = startPhaseCpu(stack, options.idle);
  const start = nowMs();
  await Promise.all(
    Array.from({ length: options.workflows }, async (_, i) => {
      try {
        await runBaseline(stack, options.activities, `bench-baseline-load-${i}`);
        endToEnd.push(nowMs() - start);
      } catch (error) {
        failed += 1;
        if (failed === 1) console.error(`baseline throughput: ${String(error)}`);
      }
    }),
  );
  const cpuMsPerWorkflow = cpu(endToEnd.length);
  const rate = rateOf(endToEnd);
  return {
    workflows: options.workflows,
    activities: options.activities,
    completed: endToEnd.length,
    wallSeconds: rate.wallSeconds,
    workflowsPerSecond: rate.perSecond,
    endToEnd: summariseLatencies(endToEnd),
    cpuMsPerWorkflow,
  };
}
