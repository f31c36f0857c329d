// Long file: the jobs slice over HTTP on one server and database, case by case (presets, jobs,
// variants, export, schedules, bad input); splitting it would start the stack once per part.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect } from 'vitest';
import { createKyrosClient, ApiError, type JobsClient } from '@kyros/contracts/client';
import type { JobDetailResponse } from '@kyros/contracts/schemas/jobs';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { pino } from 'pino';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { startJobs } from './jobs-module.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

test.override({ collabSeed: 'none' });

describe('the jobs slice over HTTP', () => {
  let stack: Stack;
  let operator: JobsClient;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await stack.startWorker();
    operator = stack.as('operator');
  });

  test('seeds the default presets at start-up only into an empty table, and reconciles schedules', async () => {
    const logger = pino({ level: 'silent' });
    expect(await startJobs(stack.deps, logger)).toEqual({ recreated: [], deleted: [] });
    expect(
      (await operator.listPresets()).items.map((preset) => [preset.name, preset.format]),
    ).toEqual([
      ['release-notes', 'markdown'],
      ['standup-summary', 'json'],
    ]);
    await startJobs(stack.deps, logger);
    expect(await stack.prisma.preset.count()).toBe(2);
  });

  const presetId = async (name: string) => {
    const preset = (await operator.listPresets()).items.find((item) => item.name === name);
    if (!preset) throw new Error(`no preset ${name}`);
    return preset.id;
  };

  /** Polls the job until it reaches `status`; returns it with its variants. */
  async function jobIn(id: string, status: string): Promise<JobDetailResponse> {
    await eventually(async () => (await operator.getJob(id)).job.status, status);
    return operator.getJob(id);
  }

  test('login → create → variants → edit (If-Match) → accept → export downloads the edited artifact → listed as done', async () => {
    const login = await fetch(`${stack.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.users.operator),
    });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const { jobs: operator } = createKyrosClient({ baseUrl: stack.apiUrl, credential: token });
    const created = await operator.createJob({
      preset_id: await presetId('release-notes'),
      input: { version: '2.0', changes: ['faster builds', 'fewer bugs'] },
    });
    expect(created).toMatchObject({ status: 'queued', workflow_id: `job-${created.id}` });

    const review = await jobIn(created.id, 'awaiting_review');
    expect(review.variants.map((variant) => [variant.ordinal, variant.status])).toEqual([
      [0, 'draft'],
      [1, 'draft'],
      [2, 'draft'],
    ]);
    expect(review.variants[0]?.content.body).toContain('- faster builds');

    const chosen = review.variants[1];
    if (!chosen) throw new Error('no second variant');
    const read = await operator.getVariant(chosen.id);
    const edited = await operator.updateVariant(
      chosen.id,
      { content: { title: 'Release 2.0', body: 'Edited by a human: faster builds.' } },
      { ifMatch: read.etag },
    );
    expect(edited.version).toBe(read.version + 1);

    const accepted = await operator.acceptVariant(created.id, chosen.id);
    expect(accepted).toMatchObject({ job_id: created.id, variant_id: chosen.id });

    // Accepted content is frozen (409 even with the current ETag): the artifact is what was accepted.
    const current = await operator.getVariant(chosen.id);
    expect(current.status).toMatch(/^(accepted|exported)$/);
    const frozen = await operator
      .updateVariant(
        chosen.id,
        { content: { title: 'late', body: 'late' } },
        { ifMatch: current.etag },
      )
      .catch((error: unknown) => error);
    expect(frozen).toBeInstanceOf(ApiError);
    expect((frozen as ApiError).status).toBe(409);

    const download = await operator.downloadExport(chosen.id);
    expect(download.mediaType).toMatch(/^text\/markdown/);
    expect(download.filename).toMatch(/^release-notes-[0-9a-f]{8}-v2\.md$/);
    expect(download.text).toBe('# Release 2.0\n\nEdited by a human: faster builds.\n');
    const asJson = await operator.exportVariant(chosen.id);
    expect(asJson).toMatchObject({ format: 'markdown', content: download.text });
    expect(await readFile(asJson.export_path ?? '', 'utf8')).toBe(download.text);

    const done = await jobIn(created.id, 'done');
    expect(done.variants.map((variant) => variant.status)).toEqual([
      'rejected',
      'exported',
      'rejected',
    ]);
    const listed = await operator.listJobs({ status: 'done' });
    expect(listed.items.map((job) => job.id)).toContain(created.id);

    const audit = await stack.prisma.auditEvent.findMany({ orderBy: { ts: 'asc' } });
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'job.created',
        'variant.updated',
        'variant.accepted',
        'variant.exported',
      ]),
    );
    expect(audit.find((row) => row.action === 'job.created')?.actor).toBe(
      'user:operator@example.com',
    );
    const page = await stack.collaboration.eventLog.readAfter(0, { type: ['job_created'] }, 100);
    expect(page.events.map((event) => event.target)).toContain(`job:${created.id}`);

    const handle = stack.temporal.workflow.getHandle(jobWorkflowId(created.id));
    expect(await handle.result()).toMatchObject({ outcome: 'done', acceptedVariantId: chosen.id });
    const history = await taskHistory(handle);
    await replayOwnHistory(history, handle.workflowId);
    await recordHistoryFixture('job-workflow-accept-export', history, stack.temporalAddress);
  });

  test('exports a JSON preset as a .json download', async () => {
    const created = await operator.createJob({
      preset_id: await presetId('standup-summary'),
      input: { done: ['shipped jobs'] },
    });
    const review = await jobIn(created.id, 'awaiting_review');
    expect(review.variants).toHaveLength(2);
    const first = review.variants[0];
    if (!first) throw new Error('no variant');
    await operator.acceptVariant(created.id, first.id);
    const download = await operator.downloadExport(first.id);
    expect(download.filename).toMatch(/\.json$/);
    expect(JSON.parse(download.text)).toMatchObject({
      job_id: created.id,
      variant_id: first.id,
      preset: 'standup-summary',
      title: first.content.title,
    });
  });

  test('pages through jobs with limit and cursor, newest first, and filters by preset', async () => {
    const standup = await presetId('standup-summary');
    const all = await operator.listJobs({ limit: 100 });
    const first = await operator.listJobs({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.next_cursor).not.toBeNull();
    const second = await operator.listJobs({ limit: 1, cursor: first.next_cursor ?? '' });
    expect([...first.items, ...second.items].map((job) => job.id)).toEqual(
      all.items.slice(0, 2).map((job) => job.id),
    );
    const byPreset = await operator.listJobs({ preset: standup });
    expect(byPreset.items.every((job) => job.preset_id === standup)).toBe(true);
    expect(byPreset.items.length).toBeGreaterThan(0);
  });

  test('manages presets: create, change, refuse a taken name, refuse deleting one a schedule uses', async () => {
    const created = await operator.createPreset({
      name: 'weekly-digest',
      template: 'This week: {{items}}',
      variant_count: 2,
    });
    expect(created).toMatchObject({ format: 'markdown', parameters: {}, variant_count: 2 });
    const changed = await operator.updatePreset(created.id, {
      format: 'json',
      parameters: { items: ['a'] },
    });
    expect(changed).toMatchObject({
      format: 'json',
      parameters: { items: ['a'] },
      template: created.template,
    });
    const taken = await operator
      .createPreset({ name: 'weekly-digest', template: 'x' })
      .catch((error: unknown) => error);
    expect((taken as ApiError).status).toBe(409);

    const schedule = await operator.createSchedule({
      name: 'digest',
      preset_id: created.id,
      cron: '0 8 * * MON',
      paused: true,
    });
    const inUse = await operator.deletePreset(created.id).catch((error: unknown) => error);
    expect((inUse as ApiError).status).toBe(409);
    await operator.deleteSchedule(schedule.id);
    await operator.deletePreset(created.id);
    expect(
      (await operator.getPreset(created.id).catch((error: unknown) => error)) as ApiError,
    ).toMatchObject({
      status: 404,
    });
    const actions = (
      await stack.prisma.auditEvent.findMany({
        where: { targetId: created.id },
        orderBy: { ts: 'asc' },
      })
    ).map((row) => row.action);
    expect(actions).toEqual(['preset.created', 'preset.updated', 'preset.deleted']);
  });

  describe('bad input: a clear problem and no change in the database', () => {
    const database = () => snapshotRows(stack.prisma, ['job', 'variant', 'schedule', 'auditEvent']);

    async function refused(
      call: () => Promise<unknown>,
    ): Promise<{ status: number; code: unknown; detail: unknown }> {
      const error = await call().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ApiError);
      const { status, problem } = error as ApiError;
      return { status, code: problem.code, detail: problem.detail };
    }

    async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...stack.headersAs('operator'),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        json: (await response.json()) as Record<string, unknown>,
      };
    }

    let review: JobDetailResponse;
    let other: JobDetailResponse;

    beforeAll(async () => {
      const preset = await presetId('release-notes');
      review = await jobIn((await operator.createJob({ preset_id: preset })).id, 'awaiting_review');
      other = await jobIn((await operator.createJob({ preset_id: preset })).id, 'awaiting_review');
    });

    test('refuses an edit without If-Match (428) and with a stale one (412, current ETag)', async () => {
      const variant = review.variants[0];
      if (!variant) throw new Error('no variant');
      await expectUnchanged(database, async () => {
        const content = { content: { title: 'x', body: 'y' } };
        const put = (headers: Record<string, string>) =>
          fetch(`${stack.apiUrl}/variants/${variant.id}`, {
            method: 'PUT',
            headers: {
              'content-type': 'application/json',
              ...stack.headersAs('operator'),
              ...headers,
            },
            body: JSON.stringify(content),
          });
        const missing = await put({});
        expect(missing.status).toBe(428);
        expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const stale = await put({ 'if-match': '"v999"' });
        expect(stale.status).toBe(412);
        expect(((await stale.json()) as { etag?: string }).etag).toBe(variant.etag);
      });
    });

    test("refuses to accept another job's variant (409) — the workflow's validator decides", async () => {
      const foreign = other.variants[0];
      if (!foreign) throw new Error('no variant');
      await expectUnchanged(database, async () => {
        expect(
          await refused(() => operator.acceptVariant(review.job.id, foreign.id)),
        ).toMatchObject({
          status: 409,
          code: 'conflict',
          detail: `Variant ${foreign.id} is not one of job ${review.job.id}'s variants`,
        });
      });
    });

    test('refuses to export a variant that is not accepted (409)', async () => {
      const draft = review.variants[2];
      if (!draft) throw new Error('no variant');
      await expectUnchanged(database, async () => {
        expect(await refused(() => operator.exportVariant(draft.id))).toMatchObject({
          status: 409,
          code: 'conflict',
        });
      });
    });

    test('refuses oversize payloads: a 16 KB input, a 64 KB body (400) and a body over 1 MB (413)', async () => {
      await expectUnchanged(database, async () => {
        const preset = await presetId('release-notes');
        const bigInput = await post('/jobs', {
          preset_id: preset,
          input: { text: 'x'.repeat(17_000) },
        });
        expectProblem(bigInput, 400, 'invalid');
        const variant = review.variants[0];
        const bigBody = await fetch(`${stack.apiUrl}/variants/${variant?.id ?? ''}`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            'if-match': variant?.etag ?? '',
            ...stack.headersAs('operator'),
          },
          body: JSON.stringify({ content: { title: 't', body: 'x'.repeat(70_000) } }),
        });
        expect(bigBody.status).toBe(400);
        const huge = await post(
          '/jobs',
          `{"preset_id":"${preset}","input":{"t":"${'x'.repeat(1_100_000)}"}}`,
        );
        expect(huge.status).toBe(413);
      });
    });

    test('refuses unknown fields and a bad cursor (400), and a missing preset (404)', async () => {
      await expectUnchanged(database, async () => {
        const preset = await presetId('release-notes');
        expect((await post('/jobs', { preset_id: preset, sneaky: true })).status).toBe(400);
        expect(
          (await post('/jobs', { preset_id: '00000000-0000-4000-8000-000000000000' })).json,
        ).toMatchObject({ status: 404, code: 'not_found' });
        // PostgreSQL cannot store U+0000: refused as input (400), never a 500 from the insert.
        for (const input of [{ a: ['x\u0000'] }, { 'k\u0000': 1 }, { a: { b: '\u0000' } }]) {
          expect((await post('/jobs', { preset_id: preset, input })).json).toMatchObject({
            status: 400,
            code: 'invalid',
          });
        }
        expect(await refused(() => operator.listJobs({ cursor: 'bogus' }))).toMatchObject({
          status: 400,
        });
      });
    });

    test.each([
      [{ cron: 'every tuesday' }, 'cron'],
      [{ cron: '61 * * * *' }, 'cron'],
      [{ run_at: 'tomorrow at nine' }, 'run_at'],
      [{ run_at: '2001-01-01T00:00:00Z' }, 'run_at'],
      [{ cron: '0 9 * * *', time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
    ])('refuses the schedule %j (400 on %s) and writes nothing', async (timing, field) => {
      await expectUnchanged(database, async () => {
        const answer = await post('/schedule', {
          name: 'bad',
          preset_id: await presetId('release-notes'),
          ...timing,
        });
        expect(expectProblem(answer, 400, 'invalid').errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: field })]),
        );
      });
      const temporalSchedules: string[] = [];
      for await (const summary of stack.temporal.schedule.list()) {
        temporalSchedules.push(summary.scheduleId);
      }
      expect(temporalSchedules.filter((id) => id.startsWith('kyros-job-schedule-'))).toEqual([]);
    });

    test('answers 401 without a principal and 403 to a viewer writing', async () => {
      await expectUnchanged(database, async () => {
        const anonymous = await fetch(`${stack.apiUrl}/jobs`);
        expect(anonymous.status).toBe(401);
        const viewer = stack.as('viewer');
        expect((await viewer.listJobs()).items.length).toBeGreaterThan(0);
        expect(
          await refused(() => viewer.createJob({ preset_id: review.job.preset_id ?? '' })),
        ).toMatchObject({ status: 403 });
      });
    });
  });

  test('documents presets, jobs, variants, export and schedule with the auth schemes', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/presets',
        '/presets/{id}',
        '/jobs',
        '/jobs/{id}',
        '/jobs/{id}/accept',
        '/variants/{id}',
        '/export/{variant_id}',
        '/schedule',
        '/schedule/{id}',
      ]),
    );
    // The schemes every protected route names (the jobs routes named an undeclared `apiKeyAuth`).
    expect(document.paths['/jobs']?.post?.security).toEqual([
      { bearerAuth: [] },
      { apiKeyHeader: [] },
    ]);
    expect(Object.keys(document.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearerAuth', 'apiKeyHeader']),
    );
  });
});
