import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { EXECUTOR_NAMES } from '@kyros/contracts/schemas/executors';
import { createKyrosClient, type ToolsClient } from '@kyros/contracts/client';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { snapshotRows } from '@kyros/test-support/database/database-snapshot';
import { expectProblem, expectUnchanged } from '@kyros/test-support/api/refusals';
import { seedTools } from '../operations/seed-tools.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

test.override({ apiOptions: { clock: 'real' } });

let api: InProcessApi;
let admin: ToolsClient;
const FORMAT = `/tools/${encodeURIComponent('docs/format')}`;

test.beforeAll(({ api: started }) => {
  api = started;
  admin = createKyrosClient({ baseUrl: api.url, credential: api.auth.adminToken }).tools;
});

const rows = () => snapshotRows(api.auth.prisma, ['tool', 'auditEvent']);

describe('tools API', () => {
  test('lists every allowlisted tool, seeded enabled with no options, with the schema of its options', async () => {
    const tools = await admin.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(EXECUTOR_NAMES);
    for (const tool of tools) expect(tool).toMatchObject({ enabled: true, config: {} });
    const format = tools.find((tool) => tool.name === 'docs/format');
    expect(format?.config_schema).toMatchObject({
      type: 'object',
      properties: {
        printWidth: { type: 'integer' },
        proseWrap: { enum: ['always', 'never', 'preserve'] },
      },
    });
    expect(tools.find((tool) => tool.name === 'flow/summarize-docs')?.kind).toBe('flow');
  });

  test('seeding again creates nothing and leaves changed rows alone', async () => {
    const lint = await admin.getTool('lint');
    await admin.updateTool('lint', { enabled: false }, lint.etag);
    expect(await seedTools({ prisma: api.auth.prisma })).toBe(0);
    expect((await admin.getTool('lint')).enabled).toBe(false);
    const again = await admin.getTool('lint');
    await admin.updateTool('lint', { enabled: true }, again.etag);
  });

  test('an admin disables a tool: one audit row in the database and its event on the stream', async () => {
    const before = await admin.getTool('docs/changelog');
    const after = await admin.updateTool('docs/changelog', { enabled: false }, before.etag);
    expect(after).toMatchObject({ enabled: false, version: before.version + 1 });
    const audit = await api.auth.prisma.auditEvent.findMany({
      where: { targetType: 'tool', targetId: 'docs/changelog', action: 'tool.disabled' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe(`user:${api.auth.admin.email}`);
    const { events } = await api.client.listEvents({ type: ['tool_disabled'] });
    expect(events.map((event) => event.details.target_id)).toContain('docs/changelog');
    await admin.updateTool('docs/changelog', { enabled: true }, after.etag);
  });

  test('configures Prettier options, validated with the tool schema', async () => {
    const before = await admin.getTool('docs/format');
    const after = await admin.updateTool(
      'docs/format',
      { config: { printWidth: 100, proseWrap: 'always' } },
      before.etag,
    );
    expect(after.config).toEqual({ printWidth: 100, proseWrap: 'always' });
    expect(await api.auth.prisma.auditEvent.count({ where: { action: 'tool.configured' } })).toBe(
      1,
    );
  });

  test('a change without If-Match is refused with 428, a stale one with 412 and the current tool', async () => {
    const current = await admin.getTool('docs/format');
    await expectUnchanged(rows, async () => {
      const body = { enabled: false };
      const missing = await sendRaw(api.url, 'PATCH', FORMAT, {
        body,
        headers: api.auth.adminHeaders,
      });
      expectProblem(missing, 428, 'precondition_required');
      const stale = await sendRaw(api.url, 'PATCH', FORMAT, {
        body,
        headers: { ...api.auth.adminHeaders, 'if-match': '"v999"' },
      });
      expectProblem(stale, 412, 'precondition_failed');
      expect(stale.json).toMatchObject({ etag: current.etag, tool: { name: 'docs/format' } });
    });
  });

  test('bad options, unknown tools, non-admins and bodies that are not JSON change nothing', async () => {
    const current = await admin.getTool('docs/format');
    const headers = { ...api.auth.adminHeaders, 'if-match': current.etag };
    await expectUnchanged(rows, async () => {
      const bad = await sendRaw(api.url, 'PATCH', FORMAT, {
        body: { config: { printWidth: 'wide', semi: false } },
        headers,
      });
      const problem = expectProblem(bad, 400, 'invalid');
      expect(problem.errors?.map((error) => error.path)).toEqual(['config.printWidth', 'config']);
      expectProblem(await sendRaw(api.url, 'PATCH', FORMAT, { body: {}, headers }), 400, 'invalid');
      const lintOptions = await sendRaw(api.url, 'PATCH', `/tools/lint`, {
        body: { config: { fix: true } },
        headers: { ...api.auth.adminHeaders, 'if-match': (await admin.getTool('lint')).etag },
      });
      expectProblem(lintOptions, 400, 'invalid');
      const unknown = await sendRaw(
        api.url,
        'PATCH',
        `/tools/${encodeURIComponent('shell/exec')}`,
        {
          body: { enabled: true },
          headers,
        },
      );
      expectProblem(unknown, 404, 'not_found');
      const agent = await sendRaw(api.url, 'PATCH', FORMAT, {
        body: { enabled: false },
        headers: { ...api.authHeaders, 'if-match': current.etag },
      });
      expectProblem(agent, 403, 'forbidden');
      const text = await sendRaw(api.url, 'PATCH', FORMAT, {
        raw: 'enabled=false',
        headers: { ...headers, 'content-type': 'text/plain' },
      });
      expectProblem(text, 415, 'unsupported_media_type');
    });
  });

  test('is described in the OpenAPI document: paths, schemas, If-Match on PATCH', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/tools'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/tools/{name}'] ?? {}).sort()).toEqual(['get', 'patch']);
    const patch = document.paths['/tools/{name}']?.patch;
    expect(patch?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'if-match', in: 'header' })]),
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Tool', 'ToolListResponse', 'UpdateToolRequest']),
    );
  });

  test('reads are open to any signed-in role, and the ETag header is the version', async () => {
    const read = await sendRaw(api.url, 'GET', FORMAT, { headers: api.authHeaders });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe((read.json as { etag: string }).etag);
  });
});

describe('concurrent admins', () => {
  test('never lose an update: 16 read-modify-write loops each land exactly once', async () => {
    const start = await admin.getTool('docs/format');
    await admin.updateTool('docs/format', { config: { printWidth: 40 } }, start.etag);
    const auditBefore = await api.auth.prisma.auditEvent.count({
      where: { targetId: 'docs/format' },
    });
    const writers = 16;
    // Each writer widens printWidth by one, retrying on 412 with what it reads then.
    const widen = async () => {
      for (;;) {
        const tool = await admin.getTool('docs/format');
        const width = (tool.config.printWidth as number) + 1;
        try {
          return await admin.updateTool(
            'docs/format',
            { config: { printWidth: width } },
            tool.etag,
          );
        } catch (error) {
          if (!(error instanceof ApiError) || error.status !== 412) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, widen));
    const end = await admin.getTool('docs/format');
    expect(end.config).toEqual({ printWidth: 40 + writers });
    expect(end.version).toBe(start.version + 1 + writers);
    expect(await api.auth.prisma.auditEvent.count({ where: { targetId: 'docs/format' } })).toBe(
      auditBefore + writers,
    );
  });

  test('of 12 admins disabling with one ETag, exactly one wins and the rest get 412', async () => {
    const tool = await admin.getTool('lint');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        sendRaw(api.url, 'PATCH', '/tools/lint', {
          body: { enabled: false },
          headers: { ...api.auth.adminHeaders, 'if-match': tool.etag },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(11).fill(412)]);
    const after = await admin.getTool('lint');
    expect(after).toMatchObject({ enabled: false, version: tool.version + 1 });
    await admin.updateTool('lint', { enabled: true }, after.etag);
  });
});
