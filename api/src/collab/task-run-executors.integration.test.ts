import { execFile } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect } from 'vitest';
import { type CreateTaskRequest } from '@kyros/contracts/schemas/collab-tasks';
import { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import { createKyrosWorker, type KyrosWorker } from '@kyros/activities/create-worker';
import { createKyrosClient } from '@kyros/contracts/client';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { taskRunHelpers } from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

const git = promisify(execFile);

const NODE_EVENTS = (...nodes: string[]) =>
  nodes.flatMap((node) => [`flow_node_started:${node}`, `flow_node_completed:${node}`]);

describe('running the lint, changelog and flow executors through the task workflow', () => {
  let stack: Stack;
  let database: TestDatabase;
  let kyros: KyrosWorker;
  let running: Promise<void>;
  /** A flow node whose first `flow_node_completed` event the worker's requests lose. */
  let failAfterNode: string | undefined;

  /**
   * The worker's HTTP to the API, where a test can drop one request: losing a node's completed
   * event fails that node after its work and before its checkpoint, as a crash there would.
   */
  const workerFetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    if (
      failAfterNode !== undefined &&
      body.includes('"flow_node_completed"') &&
      body.includes(`"node":"${failAfterNode}"`)
    ) {
      failAfterNode = undefined;
      throw new TypeError('fetch failed (dropped by the test)');
    }
    return fetch(input, init);
  };

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    database = await createTestDatabase();
    // A worker of its own (the stack starts none here): its HTTP goes through workerFetch, and
    // flows checkpoint in a database of their own.
    kyros = await createKyrosWorker(stack.config.temporal, {
      activities: {
        collab: createKyrosClient({
          baseUrl: stack.apiUrl,
          credential: stack.auth.serviceKey,
          fetch: workerFetch,
        }).collab,
        workspaceRoot: stack.workspaceRoot,
        artifactsDir: stack.config.artifactsDir,
        databaseUrl: database.url,
        leaseRenewIntervalMs: 500,
      },
    });
    running = kyros.worker.run();
  });
  afterAll(async () => {
    if (kyros?.worker.getState() === 'RUNNING') kyros.worker.shutdown();
    await running?.catch(() => undefined);
    await kyros?.connection.close();
    await database?.drop();
  });

  const { post, readWorkspace, workflowEvents, leaseReleasedEvents, leasesLeft } = taskRunHelpers(
    () => stack,
  );

  /** Creates the task, runs it, and waits for the workflow's result. */
  async function runTask(task: CreateTaskRequest) {
    const { id } = await stack.collab.createTask(task);
    const started = await post(id, 'run');
    expect(started.status).toBe(202);
    const run = TaskRunResponse.parse(started.body);
    const handle = stack.temporal.workflow.getHandle(run.workflow_id, run.run_id);
    const outcome: unknown = await handle.result();
    return { id, run, handle, outcome };
  }

  /** Event names, with the flow node where an event has one. */
  async function eventNames(taskId: string): Promise<string[]> {
    return (await workflowEvents(taskId)).map((event) =>
      typeof event.details.node === 'string' ? `${event.event}:${event.details.node}` : event.event,
    );
  }

  async function expectFinished(taskId: string): Promise<void> {
    expect((await stack.collab.getTask(taskId)).task.status).toBe('review');
    expect(await leasesLeft()).toEqual([]);
    expect(await leaseReleasedEvents(taskId)).toHaveLength(1);
  }

  test('lint: writes the report artifact and puts the finding counts in the event', async () => {
    await mkdir(path.join(stack.workspaceRoot, 'lint-src'), { recursive: true });
    await writeFile(
      path.join(stack.workspaceRoot, 'lint-src/bad.js'),
      'const unused = 1;\ndebugger;\n',
    );
    await writeFile(path.join(stack.workspaceRoot, 'lint-src/good.js'), 'export const ok = 1;\n');
    const { id, outcome } = await runTask({
      title: 'Lint',
      executor: { name: 'lint', args: { glob: 'lint-src/*.js' } },
    });
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: [] });

    const artifact = path.join(stack.config.artifactsDir, `lint-${id}.json`);
    const report = JSON.parse(await readFile(artifact, 'utf8')) as { filePath: string }[];
    expect(report.map((result) => result.filePath).sort()).toEqual([
      'lint-src/bad.js',
      'lint-src/good.js',
    ]);
    const events = await workflowEvents(id);
    expect(events.map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(events[2]?.details).toMatchObject({
      executor: 'lint',
      result: {
        artifacts: [artifact],
        details: {
          files_linted: 2,
          files_with_problems: 1,
          error_count: 2,
          warning_count: 0,
          messages: expect.arrayContaining([
            expect.objectContaining({ file: 'lint-src/bad.js', rule: 'no-unused-vars' }),
            expect.objectContaining({ file: 'lint-src/bad.js', rule: 'no-debugger' }),
          ]) as unknown,
        },
      },
    });
    await expectFinished(id);
  });

  test('docs/changelog: prepends a section built from the workspace git log', async () => {
    const root = stack.workspaceRoot;
    const commit = async (file: string, message: string) => {
      await writeFile(path.join(root, file), `${message}\n`);
      await git('git', ['add', '--', file], { cwd: root });
      await git(
        'git',
        [
          '-c',
          'user.name=Kyros Test',
          '-c',
          'user.email=test@kyros.invalid',
          '-c',
          'commit.gpgsign=false',
          'commit',
          '--quiet',
          '-m',
          message,
        ],
        { cwd: root },
      );
    };
    await git('git', ['init', '--quiet', '--initial-branch=main'], { cwd: root });
    await commit('feature.txt', 'feat: add the widget');
    await commit('fix.txt', 'fix(api): stop dropping events');
    await commit('docs.txt', 'docs: explain the widget');

    const { id, outcome } = await runTask({
      title: 'Changelog',
      executor: { name: 'docs/changelog', args: {} },
    });
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: ['CHANGELOG.md'] });
    const changelog = await readWorkspace('CHANGELOG.md');
    expect(changelog).toContain('add the widget');
    expect(changelog).toContain('stop dropping events');
    expect(changelog).toContain('explain the widget');
    expect(changelog.indexOf('add the widget')).toBeLessThan(
      changelog.indexOf('stop dropping events'),
    );
    const events = await workflowEvents(id);
    expect(events.map((event) => event.event)).toEqual([
      'task_claimed',
      'executor_started',
      'executor_succeeded',
      'lease_released',
    ]);
    expect(events[2]?.details).toMatchObject({
      executor: 'docs/changelog',
      result: { details: { commits: 3, output: 'CHANGELOG.md' } },
    });
    await expectFinished(id);
  });

  /** Two Markdown files under `<dir>/` for the summarize-docs flow. */
  async function docs(dir: string): Promise<void> {
    await mkdir(path.join(stack.workspaceRoot, dir, 'guide'), { recursive: true });
    await writeFile(path.join(stack.workspaceRoot, dir, 'intro.md'), '# Intro\n\n## Why\n');
    await writeFile(path.join(stack.workspaceRoot, dir, 'guide/setup.md'), '# Setup\n');
  }

  test('flow/summarize-docs: runs fetch → transform → write and writes the summary', async () => {
    await docs('flow-docs');
    const { id, run, handle, outcome } = await runTask({
      title: 'Summarise',
      executor: {
        name: 'flow/summarize-docs',
        args: { glob: 'flow-docs/**/*.md', output: 'flow-docs/SUMMARY.md' },
      },
    });
    expect(outcome).toMatchObject({ outcome: 'review', filesChanged: ['flow-docs/SUMMARY.md'] });
    const summary = await readWorkspace('flow-docs/SUMMARY.md');
    expect(summary).toContain('Intro');
    expect(summary).toContain('Setup');
    expect(await eventNames(id)).toEqual([
      'task_claimed',
      'executor_started',
      ...NODE_EVENTS('fetch', 'transform', 'write'),
      'executor_succeeded',
      'lease_released',
    ]);
    await expectFinished(id);
    const history = await taskHistory(handle);
    await replayOwnHistory(history, run.workflow_id);
    await recordHistoryFixture(
      'task-workflow-flow-summarize-docs-as-activity',
      history,
      stack.temporalAddress,
    );
  });

  test('flow/summarize-docs: a retried activity resumes after the last completed node', async () => {
    await docs('resume-docs');
    // The first attempt fails inside write, after fetch and transform were checkpointed.
    failAfterNode = 'write';
    const { id, run, handle, outcome } = await runTask({
      title: 'Summarise, resumed',
      executor: {
        name: 'flow/summarize-docs',
        args: { glob: 'resume-docs/**/*.md', output: 'resume-docs/SUMMARY.md' },
      },
    });
    expect(outcome).toMatchObject({ outcome: 'review' });
    await access(path.join(stack.workspaceRoot, 'resume-docs/SUMMARY.md'));
    expect(await readWorkspace('resume-docs/SUMMARY.md')).toContain('Setup');

    const history = await taskHistory(handle);
    expect(history.executorAttempts).toEqual([2]);
    expect(await eventNames(id)).toEqual([
      'task_claimed',
      'executor_started',
      // Attempt 1: fetch and transform complete, write fails before its checkpoint.
      ...NODE_EVENTS('fetch', 'transform'),
      'flow_node_started:write',
      // Attempt 2: resumes at write; fetch and transform are not run again.
      'flow_resumed',
      ...NODE_EVENTS('write'),
      'executor_succeeded',
      'lease_released',
    ]);
    const events = await workflowEvents(id);
    const threads = new Set(
      events.filter((event) => event.event.startsWith('flow_')).map((e) => e.details.thread_id),
    );
    expect(threads.size).toBe(1);
    expect([...threads][0]).toContain(run.run_id);
    await expectFinished(id);
    await replayOwnHistory(history, run.workflow_id);
  });
});
