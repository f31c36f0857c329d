import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutorProgress, ExecutorSpec } from '@kyros/contracts/schemas/executors';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { ExecutorInputError, ExecutorTransientError } from '../executors/executor-errors.ts';
import { runFlow, type FlowContext } from './run-flow.ts';
import type { FlowNodeName } from './summarize-docs-graph.ts';

const SPEC: ExecutorSpec = {
  name: 'flow/summarize-docs',
  args: { glob: 'docs/**/*.md', output: 'docs/SUMMARY.generated.md' },
};
const NODE_EVENTS = (...nodes: FlowNodeName[]) =>
  nodes.flatMap((node) => [`flow_node_started:${node}`, `flow_node_completed:${node}`]);

describe('the summarize-docs flow on PostgreSQL', () => {
  let database: TestDatabase;
  let workspace: string;
  let threads = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'kyros-flow-'));
    await mkdir(path.join(workspace, 'docs/guide'), { recursive: true });
    await writeFile(path.join(workspace, 'docs/intro.md'), '# Intro\n\nHello there.\n\n## Why\n');
    await writeFile(path.join(workspace, 'docs/guide/setup.md'), '# Setup\n\n## Install\n');
    await writeFile(path.join(workspace, 'README.md'), '# Not selected\n');
    return () => rm(workspace, { recursive: true, force: true });
  });

  /**
   * A context recording what the flow emitted, on a thread no other test uses. With
   * `failAfterNode`, the first `flow_node_completed` of that node fails, as a crash after the
   * node's work and before its checkpoint would.
   */
  function flowContext(overrides: Partial<FlowContext> = {}, failAfterNode?: FlowNodeName) {
    const events: string[] = [];
    let failed = false;
    const heartbeats: ExecutorProgress[] = [];
    threads += 1;
    const context: FlowContext = {
      workspaceRoot: workspace,
      taskId: 'T-1',
      threadId: `task-T-1-${threads}-${Date.now()}`,
      databaseUrl: database.url,
      signal: new AbortController().signal,
      heartbeat: (progress) => heartbeats.push(progress),
      emit: ({ event, details }) => {
        expect(details).toMatchObject({ flow: 'summarize-docs', task_id: 'T-1' });
        if (event === 'flow_node_completed' && details.node === failAfterNode && !failed) {
          failed = true;
          return Promise.reject(
            new ExecutorTransientError(`injected failure after the ${failAfterNode} node's work`),
          );
        }
        events.push(typeof details.node === 'string' ? `${event}:${details.node}` : event);
        return Promise.resolve();
      },
      ...overrides,
    };
    return { context, events, heartbeats };
  }
  const readOutput = () => readFile(path.join(workspace, 'docs/SUMMARY.generated.md'), 'utf8');

  it('writes the summary of the selected files and emits each node in order', async () => {
    const { context, events, heartbeats } = flowContext();
    const result = await runFlow(SPEC, context);

    const summary = await readOutput();
    expect(summary).toContain('Generated from `docs/**/*.md`: 2 files, 6 words.');
    expect(summary).toContain('## Intro\n\n`docs/intro.md` — 4 words\n\n- Why\n');
    expect(summary).toContain('## Setup\n\n`docs/guide/setup.md` — 2 words\n\n- Install\n');
    expect(summary).not.toContain('Not selected');
    expect(result).toMatchObject({
      files_changed: ['docs/SUMMARY.generated.md'],
      artifacts: ['docs/SUMMARY.generated.md'],
      details: { files: ['docs/guide/setup.md', 'docs/intro.md'] },
    });
    expect(events).toEqual(NODE_EVENTS('fetch', 'transform', 'write'));
    expect(heartbeats.at(-1)).toEqual({ phase: 'write', done: 3, total: 3 });
  });

  it('does not summarise its own previous output and reports no change when it is the same', async () => {
    await runFlow(SPEC, flowContext().context);
    const first = await readOutput();
    const second = await runFlow(SPEC, flowContext().context);
    expect(await readOutput()).toBe(first);
    expect(second.files_changed).toEqual([]);
  });

  it('resumes after a failure in write by re-running only write', async () => {
    const { context, events } = flowContext({}, 'write');
    await expect(runFlow(SPEC, context)).rejects.toThrow(ExecutorTransientError);
    expect(events).toEqual([...NODE_EVENTS('fetch', 'transform'), 'flow_node_started:write']);
    const before = await readOutput();

    // Fetch already ran: an edit now must not reach the summary the resumed flow writes.
    await writeFile(path.join(workspace, 'docs/intro.md'), '# Changed after fetch\n');
    events.length = 0;
    const result = await runFlow(SPEC, context);
    expect(events).toEqual(['flow_resumed', ...NODE_EVENTS('write')]);
    expect(await readOutput()).toBe(before);
    expect(before).toContain('## Intro');
    expect(result.summary).toContain('2 file(s)');
  });

  it('resumes after a failure in transform at transform, never re-reading the files', async () => {
    const { context, events } = flowContext({}, 'transform');
    await expect(runFlow(SPEC, context)).rejects.toThrow(/injected failure/);
    events.length = 0;
    await runFlow(SPEC, context);
    expect(events).toEqual(['flow_resumed', ...NODE_EVENTS('transform', 'write')]);
  });

  it('returns a completed thread’s result again without running any node', async () => {
    const { context, events } = flowContext();
    const first = await runFlow(SPEC, context);
    await rm(path.join(workspace, 'docs/SUMMARY.generated.md'));
    events.length = 0;

    expect(await runFlow(SPEC, context)).toEqual(first);
    expect(events).toEqual([]);
    await expect(readOutput()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to resume a thread with other arguments than it started with', async () => {
    const { context } = flowContext({}, 'write');
    await expect(runFlow(SPEC, context)).rejects.toThrow(ExecutorTransientError);
    const other: ExecutorSpec = { ...SPEC, args: { ...SPEC.args, glob: 'docs/guide/*.md' } };
    await expect(runFlow(other, context)).rejects.toBeInstanceOf(ExecutorInputError);
  });

  it.each([
    ['a glob climbing out of the root', { glob: '../**/*.md' }],
    ['an absolute glob', { glob: '/etc/*.conf' }],
    ['an output climbing out of the root', { output: '../escaped.md' }],
    ['an absolute output', { output: '/tmp/escaped.md' }],
  ])('refuses %s as bad input', async (_, args) => {
    const { context, events } = flowContext();
    const spec: ExecutorSpec = { name: 'flow/summarize-docs', args: { ...SPEC.args, ...args } };
    await expect(runFlow(spec, context)).rejects.toBeInstanceOf(ExecutorInputError);
    expect(events).toEqual([]);
  });

  it('never reads a selected file that is a symlink to outside the root', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kyros-outside-'));
    await writeFile(path.join(outside, 'secret.md'), '# Secret\n');
    await symlink(path.join(outside, 'secret.md'), path.join(workspace, 'docs/leak.md'));
    try {
      // The workspace glob either skips the link or refuses the glob; both keep the secret out.
      const outcome = await runFlow(SPEC, flowContext().context).catch((error: unknown) => error);
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ExecutorInputError);
      else expect(await readOutput()).not.toContain('Secret');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses an output inside a symlinked directory that leads outside the root', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kyros-outside-'));
    await symlink(outside, path.join(workspace, 'out'));
    try {
      const spec: ExecutorSpec = { ...SPEC, args: { ...SPEC.args, output: 'out/summary.md' } };
      await expect(runFlow(spec, flowContext().context)).rejects.toBeInstanceOf(ExecutorInputError);
      await expect(readFile(path.join(outside, 'summary.md'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
