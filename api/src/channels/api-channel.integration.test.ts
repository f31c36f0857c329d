import { describe, expect } from 'vitest';
import {
  ApiCommandResponse,
  ChannelListResponse,
  type ChannelStatus,
} from '@kyros/contracts/schemas/channels';
import { createKyrosClient } from '@kyros/contracts/client/kyros-client';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ stackOptions: { seedPresets: true } });

let stack: Stack;
test.beforeAll(({ stack: started }) => {
  stack = started;
});

async function send(headers: Record<string, string>, body: unknown) {
  const response = await fetch(`${stack.apiUrl}/channels/api/commands`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function command(headers: Record<string, string>, body: unknown) {
  const answer = await send(headers, body);
  expect(answer.status, answer.text).toBe(200);
  return ApiCommandResponse.parse(JSON.parse(answer.text));
}

async function channels(): Promise<Record<string, ChannelStatus>> {
  const response = await fetch(`${stack.apiUrl}/channels`, { headers: stack.auth.adminHeaders });
  expect(response.status).toBe(200);
  const { items } = ChannelListResponse.parse(await response.json());
  return Object.fromEntries(items.map((item) => [item.name, item]));
}

const task = (id: string) => stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === id);
const rows = () => stack.auth.prisma.channelCommand.count();

describe('the API channel', () => {
  test('carries a command to a task change and back, as the credential’s agent, and records it', async () => {
    const agent = await stack.headersFor('agent-ada');
    const claimed = await command(agent, { text: 'claim T-100' });
    expect(claimed.reply).toMatchObject({
      outcome: 'ok',
      title: 'T-100 moved queued → claimed',
      command: { command: 'claim', task: 'T-100' },
    });
    expect(claimed.text).toContain('✓ T-100 moved queued → claimed');
    expect(task('T-100')).toMatchObject({ status: 'claimed', assignee: 'agent-ada' });

    // The JSON form as an object, then plain language.
    await command(agent, { command: { command: 'transition', task: 'T-100', to: 'in_progress' } });
    const reviewed = await command(agent, { text: 'please move T-100 into review' });
    expect(reviewed.reply.command).toEqual({ command: 'transition', task: 'T-100', to: 'review' });
    expect(task('T-100')?.status).toBe('review');

    const row = await stack.auth.prisma.channelCommand.findUniqueOrThrow({
      where: { id: claimed.command_id },
    });
    expect(row).toMatchObject({
      channel: 'api',
      principal: 'agent-ada',
      rawText: 'claim T-100',
      command: { command: 'claim', task: 'T-100' },
      outcome: 'ok',
    });
    const events = await stack.collaboration.eventLog.readAfter(0, { task: ['T-100'] }, 100);
    expect(events.events.map((event) => event.event)).toEqual([
      'task_transitioned',
      'channel_command',
      'task_transitioned',
      'channel_command',
      'task_transitioned',
      'channel_command',
    ]);
    expect(events.events[0]).toMatchObject({ actor: 'agent-ada', details: { to: 'claimed' } });
    expect(events.events[1]).toMatchObject({
      actor: 'agent-ada',
      target: 'channel:api',
      details: { command_id: claimed.command_id, command: 'claim', outcome: 'ok' },
    });
  });

  test('approves the task version it names, and refuses a version that moved on', async () => {
    const agent = await stack.headersFor('agent-ada');
    const version = task('T-100')?.version ?? 0;
    const stale = await command(agent, { text: `approve T-100 version ${version - 1}` });
    expect(stale.reply).toMatchObject({ outcome: 'refused', code: 'precondition_failed' });
    expect(task('T-100')?.status).toBe('review');

    const approved = await command(agent, { text: `approve T-100 version ${version}` });
    expect(approved.reply).toMatchObject({
      outcome: 'ok',
      title: `T-100 approved at version ${version}`,
      data: { approved_version: version, new_status: 'approved' },
    });
    const latest = await stack.collaboration.eventLog.readLatest(
      { task: ['T-100'], type: ['task_transitioned'] },
      1,
    );
    expect(latest.events[0]?.details).toMatchObject({
      to: 'approved',
      reason: `approved version ${version} via channel api`,
    });
  });

  test('refuses what it cannot read or may not do, with help, records it, and changes nothing', async () => {
    const before = structuredClone(stack.collaboration.store.tasks.doc);
    const agent = await stack.headersFor('agent-bob');
    const unknown = await command(agent, { text: 'clam T-103' });
    expect(unknown.reply).toMatchObject({
      outcome: 'refused',
      code: 'unknown_command',
      suggestions: ['claim T-103', 'help'],
    });
    expect(unknown.text).toContain('Try:\n  claim T-103\n  help');
    // Jobs need the operator role, as POST /jobs does.
    const forbidden = await command(agent, { text: 'start job release-notes version=1.2' });
    expect(forbidden.reply).toMatchObject({ outcome: 'refused', code: 'forbidden' });
    // The worker's service key acts only as a workflow: never through a channel.
    const service = await command(
      { authorization: `Bearer ${stack.auth.serviceKey}` },
      { text: 'claim T-103' },
    );
    expect(service.reply).toMatchObject({ outcome: 'refused', code: 'identity_mismatch' });
    const illegal = await command(agent, { text: 'move T-103 to done' });
    expect(illegal.reply).toMatchObject({ outcome: 'refused', code: 'conflict' });
    expect(stack.collaboration.store.tasks.doc).toEqual(before);
    const recorded = await stack.auth.prisma.channelCommand.findMany({
      where: { id: { in: [unknown, forbidden, service, illegal].map((c) => c.command_id) } },
    });
    expect(recorded.map((row) => row.outcome)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
  });

  test('answers bad input with problem+json 400 and writes nothing', async () => {
    const agent = await stack.headersFor('agent-bob');
    const before = { rows: await rows(), lastEvent: stack.collaboration.eventLog.lastId };
    for (const body of [
      '{"text": ',
      { text: 42 },
      {},
      { text: 'help', command: { command: 'help' } },
      { text: 'x'.repeat(2001) },
    ]) {
      const answer = await send(agent, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(ProblemSchema.parse(JSON.parse(answer.text)).code).toBe('invalid');
    }
    const anonymous = await fetch(`${stack.apiUrl}/channels/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'help' }),
    });
    expect(anonymous.status).toBe(401);
    expect({ rows: await rows(), lastEvent: stack.collaboration.eventLog.lastId }).toEqual(before);
  });

  test('refuses every command while an admin has the channel disabled', async () => {
    const agent = await stack.headersFor('agent-bob');
    const patch = (headers: Record<string, string>, enabled: boolean) =>
      fetch(`${stack.apiUrl}/channels/api`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
    expect((await patch(agent, false)).status).toBe(403);
    const disabled = await patch(stack.auth.adminHeaders, false);
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ name: 'api', enabled: false });
    const refused = await command(agent, { text: 'claim T-103' });
    expect(refused.reply).toMatchObject({ outcome: 'refused', code: 'channel_disabled' });
    expect(task('T-103')?.status).toBe('queued');
    expect((await patch(stack.auth.adminHeaders, true)).status).toBe(200);
    expect((await command(agent, { text: 'status T-103' })).reply.outcome).toBe('ok');
    const audited = await stack.auth.prisma.auditEvent.findMany({
      where: { targetType: 'channel', targetId: 'api' },
      orderBy: { ts: 'asc' },
    });
    expect(audited.map((row) => row.action)).toEqual(['channel.disabled', 'channel.enabled']);
    expect(
      (
        await fetch(`${stack.apiUrl}/channels/carrier-pigeon`, {
          method: 'PATCH',
          headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
          body: '{"enabled":false}',
        })
      ).status,
    ).toBe(404);
  });

  test('keeps the Slack channel off without a signing secret: 404, configured false, nothing written', async () => {
    const before = { rows: await rows(), lastEvent: stack.collaboration.eventLog.lastId };
    const response = await fetch(`${stack.apiUrl}/channels/slack/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'team_id=T0A&user_id=U0A&command=%2Fkyros&text=claim+T-103',
    });
    expect(response.status).toBe(404);
    expect(ProblemSchema.parse(await response.json()).detail).toContain('SLACK_SIGNING_SECRET');
    expect((await channels()).slack).toMatchObject({ configured: false, enabled: true });
    expect({ rows: await rows(), lastEvent: stack.collaboration.eventLog.lastId }).toEqual(before);
  });

  test('counts twenty callers at once exactly in GET /channels', async () => {
    const before = (await channels()).api;
    const callers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => stack.headersFor(`agent-crowd-${index}`)),
    );
    const answers = await Promise.all(
      callers.map((headers, index) =>
        command(headers, { text: index % 4 === 0 ? 'frobnicate T-103' : 'status T-103' }),
      ),
    );
    expect(answers.filter((a) => a.reply.outcome === 'ok')).toHaveLength(15);
    const after = (await channels()).api;
    expect(after?.counts).toEqual({
      received: (before?.counts.received ?? 0) + 20,
      ok: (before?.counts.ok ?? 0) + 15,
      refused: (before?.counts.refused ?? 0) + 5,
      failed: before?.counts.failed ?? 0,
    });
    expect(after?.p50_latency_ms).not.toBeNull();
    expect(after?.last_activity_at).not.toBeNull();
    expect(after).toMatchObject({ configured: true, enabled: true });
  });

  test('starts a job from a preset, accepts a variant and exports it, as an operator', async () => {
    await stack.startWorker();
    const operator = stack.operatorHeaders;
    const started = await command(operator, { text: 'start job release-notes version=1.2' });
    expect(started.reply).toMatchObject({ outcome: 'ok' });
    const jobId = (started.reply.data as { id: string }).id;
    const jobs = createKyrosClient({ baseUrl: stack.apiUrl, headers: operator }).jobs;
    await eventually(async () => (await jobs.getJob(jobId)).job.status, 'awaiting_review');

    const accepted = await command(operator, { text: `accept job ${jobId} variant 2` });
    expect(accepted.reply).toMatchObject({
      outcome: 'ok',
      title: `Variant 2 of job ${jobId} accepted`,
    });
    const exported = await command(operator, { text: `export job ${jobId}` });
    expect(exported.reply).toMatchObject({ outcome: 'ok', data: { job_id: jobId } });
    expect((exported.reply.data as { content: string }).content).toContain('Release 1.2');
    const { variants } = await jobs.getJob(jobId);
    expect(variants.find((variant) => variant.ordinal === 2)?.status).toBe('exported');
  });
});
