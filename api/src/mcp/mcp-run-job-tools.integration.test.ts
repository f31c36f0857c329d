// Long file: the run and job tools over both transports on one real stack (Temporal, a worker, the
// database), each case checked through REST; one stack per file keeps the Temporal start-up to one.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, describe, expect } from 'vitest';
import { createKyrosClient, type KyrosClient } from '@kyros/contracts/client';
import type { TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import type { ExportResponse, JobDetailResponse, Variant } from '@kyros/contracts/schemas/jobs';
import { FORMATTED, UNFORMATTED, eventually } from '@kyros/test-support/stacks/task-run-helpers';
import {
  mcpTestStack,
  problemOf,
  structuredOf,
  type McpTestStack,
  type McpTransportKind,
} from '@kyros/test-support/mcp/mcp-clients';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none', stackOptions: { mcp: true, seedPresets: true } });

let stack: McpTestStack;
/** The whole stack: Temporal, a worker and the jobs module behind the run and job tools. */
let full: Stack;
/** REST as the admin: sees every job and task the MCP sessions touch. */
let rest: KyrosClient;
test.beforeAll(async ({ stack: started }) => {
  full = started;
  stack = mcpTestStack(started.api, started.mcp);
  await full.startWorker();
  rest = createKyrosClient({ baseUrl: stack.api.url, credential: stack.api.auth.adminToken });
});
afterAll(() => stack?.close());

const runs = () => full;

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return client.callTool({ name, arguments: args });
}

/** A `docs/format` task over one unformatted file. */
async function formatTask(name: string): Promise<string> {
  await writeFile(path.join(runs().workspaceRoot, `${name}.md`), UNFORMATTED);
  const { id } = await rest.collab.createTask({
    title: `Format ${name}`,
    executor: { name: 'docs/format', args: { glob: `${name}.md` } },
  });
  return id;
}

async function boardEtags(): Promise<string[]> {
  const states = await Promise.all([rest.collab.getState('tasks'), rest.collab.getState('locks')]);
  return states.map((state) => state.etag);
}

describe.each<McpTransportKind>(['http', 'stdio'])('run tools over %s', (kind) => {
  test('run_task runs the executor to review (idempotently), approve_task approves it', async () => {
    const agent = await stack.connect(kind, await stack.api.auth.keyFor(`runner-${kind}`));
    const id = await formatTask(`run-${kind}`);
    const run = structuredOf<TaskRunResponse>(await call(agent, 'run_task', { id }));
    expect(run.workflow_id).toBe(`task-${id}`);
    const again = structuredOf<TaskRunResponse>(await call(agent, 'run_task', { id }));
    expect(again.run_id).toBe(run.run_id);

    await eventually(async () => (await rest.collab.getTask(id)).task.status, 'review');
    expect(await readFile(path.join(runs().workspaceRoot, `run-${kind}.md`), 'utf8')).toBe(
      FORMATTED,
    );
    expect((await rest.taskRuns.getTaskRun(id)).run_id).toBe(run.run_id);

    const approved = structuredOf(await call(agent, 'approve_task', { id, reason: 'formatted' }));
    expect(approved).toMatchObject({ old_status: 'review', new_status: 'approved' });
    expect((await rest.collab.getTask(id)).task.status).toBe('approved');
  });

  test('cancel_task stops a running executor: the task is queued again and holds no lease', async () => {
    const agent = await stack.connect(kind, await stack.api.auth.keyFor(`canceller-${kind}`));
    const id = await formatTask(`cancel-${kind}`);
    const held = runs().faults.hold();
    structuredOf(await call(agent, 'run_task', { id }));
    await held;
    const leases = (await rest.collab.getState('locks')).data.leases;
    expect(leases.map((lease) => lease.holder)).toContain(`workflow:task-${id}`);

    const cancelled = structuredOf(await call(agent, 'cancel_task', { id }));
    expect(cancelled).toEqual({ workflow_id: `task-${id}`, cancel_requested: true });
    await eventually(async () => (await rest.taskRuns.getTaskRun(id)).status, 'CANCELLED');
    expect((await rest.collab.getTask(id)).task.status).toBe('queued');
    const left = (await rest.collab.getState('locks')).data.leases;
    expect(left.filter((lease) => lease.task_id === id)).toEqual([]);
    expect(await readFile(path.join(runs().workspaceRoot, `cancel-${kind}.md`), 'utf8')).toBe(
      UNFORMATTED,
    );
  });

  test('bad run arguments are tool errors and change nothing', async () => {
    const agent = await stack.connect(kind, await stack.api.auth.keyFor(`careless-run-${kind}`));
    const { id } = await rest.collab.createTask({ title: `no executor ${kind}` });
    const before = await boardEtags();
    expect(problemOf(await call(agent, 'run_task', { id }))).toMatchObject({ status: 409 });
    expect(problemOf(await call(agent, 'cancel_task', { id }))).toMatchObject({ status: 404 });
    expect(problemOf(await call(agent, 'run_task', { id: 'T-999999' }))).toMatchObject({
      status: 404,
    });
    expect((await call(agent, 'run_task', { id, extra: true })).isError).toBe(true);
    expect((await call(agent, 'approve_task', { id })).isError).toBe(true);
    expect(await boardEtags()).toEqual(before);
    await expect(rest.taskRuns.getTaskRun(id)).rejects.toMatchObject({ status: 404 });
  });
});

describe.each<McpTransportKind>(['http', 'stdio'])('job tools over %s', (kind) => {
  const presetId = async (name: string) => {
    const preset = (await rest.jobs.listPresets()).items.find((item) => item.name === name);
    if (!preset) throw new Error(`no preset ${name}`);
    return preset.id;
  };

  test('start_job → get_job → edit_variant → accept_variant → export_variant, each visible in REST', async () => {
    const operator = await stack.connect(kind, stack.api.auth.adminToken);
    const started = structuredOf<{ id: string; workflow_id: string }>(
      await call(operator, 'start_job', {
        preset_id: await presetId('release-notes'),
        input: { version: `mcp-${kind}`, changes: ['tools for agents'] },
        variant_count: 2,
      }),
    );
    expect(started.workflow_id).toBe(`job-${started.id}`);
    expect((await rest.jobs.getJob(started.id)).job.input).toMatchObject({
      version: `mcp-${kind}`,
    });

    await eventually(
      async () => (await rest.jobs.getJob(started.id)).job.status,
      'awaiting_review',
    );
    const job = structuredOf<JobDetailResponse>(
      await call(operator, 'get_job', { id: started.id }),
    );
    expect(job.variants.map((variant) => variant.status)).toEqual(['draft', 'draft']);
    const chosen = job.variants[1] as Variant;

    const content = { title: `Release mcp-${kind}`, body: 'Edited over MCP.' };
    const edited = structuredOf<{ variant: Variant }>(
      await call(operator, 'edit_variant', { id: chosen.id, content }),
    );
    expect(edited.variant.version).toBe(chosen.version + 1);
    expect(await rest.jobs.getVariant(chosen.id)).toMatchObject({
      content,
      version: chosen.version + 1,
    });
    const stale = problemOf(
      await call(operator, 'edit_variant', {
        id: chosen.id,
        content: { title: 'lost', body: 'lost' },
        if_match: chosen.etag,
      }),
    );
    expect(stale).toMatchObject({ status: 412, code: 'edit_conflict' });
    expect((await rest.jobs.getVariant(chosen.id)).content).toEqual(content);

    const accepted = structuredOf(
      await call(operator, 'accept_variant', { job_id: started.id, variant_id: chosen.id }),
    );
    expect(accepted).toMatchObject({ job_id: started.id, variant_id: chosen.id });
    const exported = structuredOf<ExportResponse>(
      await call(operator, 'export_variant', { variant_id: chosen.id }),
    );
    expect(exported).toMatchObject({
      job_id: started.id,
      variant_id: chosen.id,
      format: 'markdown',
      content: `# Release mcp-${kind}\n\nEdited over MCP.\n`,
    });
    expect(await rest.jobs.exportVariant(chosen.id)).toEqual(exported);
    await eventually(async () => (await rest.jobs.getJob(started.id)).job.status, 'done');
  });

  test('bad job arguments and refused roles are tool errors and change nothing', async () => {
    const operator = await stack.connect(kind, stack.api.auth.adminToken);
    const agent = await stack.connect(kind, await stack.api.auth.keyFor(`job-agent-${kind}`));
    const jobsBefore = await stack.api.auth.prisma.job.count();
    const auditBefore = await stack.api.auth.prisma.auditEvent.count();
    const preset_id = await presetId('release-notes');

    expect((await call(operator, 'start_job', { preset_id, variant_count: 0 })).isError).toBe(true);
    expect(problemOf(await call(agent, 'start_job', { preset_id }))).toMatchObject({
      status: 403,
    });
    expect(problemOf(await call(operator, 'start_job', { preset_id: randomUUID() }))).toMatchObject(
      { status: 404, detail: expect.stringMatching(/^Preset .* does not exist$/) as string },
    );
    expect(problemOf(await call(operator, 'get_job', { id: randomUUID() }))).toMatchObject({
      status: 404,
    });
    expect(
      problemOf(
        await call(operator, 'accept_variant', { job_id: randomUUID(), variant_id: randomUUID() }),
      ),
    ).toMatchObject({ status: 404 });
    expect(
      problemOf(await call(operator, 'export_variant', { variant_id: randomUUID() })),
    ).toMatchObject({ status: 404 });
    expect(
      (await call(operator, 'edit_variant', { id: randomUUID(), content: { title: 1 } })).isError,
    ).toBe(true);

    expect(await stack.api.auth.prisma.job.count()).toBe(jobsBefore);
    expect(await stack.api.auth.prisma.auditEvent.count()).toBe(auditBefore);
  });
});
