import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect } from 'vitest';
import type { CollabClient } from '@kyros/contracts/client';
import { ProblemSchema } from '@kyros/contracts/schemas/problem';
import { EVENT_LOG_PATH } from '../events/event-log.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';
import { COLLAB_SEED } from '@kyros/test-support/collab/collab-dir';
import { HUMAN_LOG_PATH, HumanLogFile } from './human-log-file.ts';
import { logsModule } from './logs-module.ts';

let dir: string;
let server: InProcessApi;
let baseUrl: string;
let client: CollabClient;
let seedLog: string;

test.beforeEach(async ({ apis }) => {
  dir = await apis.collabDir([EVENT_LOG_PATH, HUMAN_LOG_PATH]);
  // A crash between writing and renaming leaves a temp file; opening removes it.
  await copyFile(
    new URL(HUMAN_LOG_PATH, COLLAB_SEED),
    path.join(dir, 'logs/.log.md.123.abcdef12.tmp'),
  );
  seedLog = await readFile(path.join(dir, HUMAN_LOG_PATH), 'utf8');
  const humanLog = await HumanLogFile.open(dir);
  server = await apis.start({
    dir,
    clock: 'real',
    keepAliveMs: 60_000,
    modules: ({ log }) => [
      logsModule({ log, humanLog, now: () => new Date('2026-11-26T09:00:00Z') }),
    ],
  });
  ({ url: baseUrl, client } = server);
  for (const event of [
    { event: 'task_claimed', actor: 'agent-atlas', target: 'T-100' },
    {
      event: 'executor_failed',
      actor: 'worker',
      target: 'run-1',
      details: { task_id: 'T-100', agent: 'agent-atlas', error: 'lint' },
    },
    { event: 'task_claimed', actor: 'agent-iris', target: 'T-101' },
    {
      event: 'executor_succeeded',
      actor: 'worker',
      target: 'run-2',
      details: { task_id: 'T-100', agent: 'agent-atlas' },
    },
  ]) {
    // Each through a key bound to its actor: the credential decides who an event is from.
    await (await server.clientFor(event.actor)).appendEvent(event);
  }
});

async function humanLogText(): Promise<string> {
  return readFile(path.join(dir, HUMAN_LOG_PATH), 'utf8');
}

describe('POST /collab/logs/generate', () => {
  test('summarises the selected events, appends them to logs/log.md and returns them', async () => {
    const result = await client.generateLog({ task: 'T-100' });
    expect(result).toMatchObject({ appended_to: 'logs/log.md', event_count: 3 });
    expect(result.markdown).toContain('## 2026-11-26 09:00:00 UTC — 3 events');
    expect(result.markdown).toContain('Selection: task `T-100`.');
    expect(result.markdown).toContain('### `T-100` — succeeded');
    expect(result.markdown).toContain('- **`agent-atlas`** (claimed → failed → succeeded)');
    expect(result.markdown).toContain('executor failed (#4) — error `lint`');
    expect(await humanLogText()).toBe(`${seedLog}\n${result.markdown}`);
    expect((await readdir(path.join(dir, 'logs'))).sort()).toEqual(['log.md']);
  });

  test('appends each new summary after the previous one', async () => {
    const first = await client.generateLog({ agent: ['agent-iris'] });
    const second = await client.generateLog({
      since: 3,
      until: 5,
      type: ['executor_failed', 'executor_succeeded'],
    });
    expect(second.event_count).toBe(1);
    expect(second.markdown).toContain('Events #4–#4');
    expect(await humanLogText()).toBe(`${seedLog}\n${first.markdown}\n${second.markdown}`);
  });

  test('selects by date-time and reports an empty selection', async () => {
    const all = await client.generateLog({
      since: '2000-01-01T00:00:00Z',
      until: '2999-01-01T00:00:00+02:00',
    });
    expect(all.event_count).toBe(6);
    const none = await client.generateLog({ since: '2999-01-01T00:00:00Z' });
    expect(none.event_count).toBe(0);
    expect(none.markdown).toContain('No events matched.');
  });

  test.each([
    ['an unknown filter field', { filter: { colour: 'red' } }],
    ['an unknown top-level field', { filter: {}, format: 'html' }],
    ['a wrong type', { filter: { task: 7 } }],
    ['a bad event name', { filter: { type: 'Not An Event' } }],
    ['a bad since', { filter: { since: 'yesterday' } }],
    ['a negative until', { filter: { until: -1 } }],
  ])('refuses %s with a 400 and leaves logs/log.md unchanged', async (_case, body) => {
    const before = await humanLogText();
    const response = await fetch(`${baseUrl}/collab/logs/generate`, {
      method: 'POST',
      headers: { ...server.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ProblemSchema.parse(await response.json()).code).toBe('invalid');
    expect(await humanLogText()).toBe(before);
  });

  test('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${baseUrl}/collab/logs/generate`, {
      method: 'POST',
      headers: server.authHeaders,
      body: 'filter=all',
    });
    expect(response.status).toBe(415);
    expect(await humanLogText()).toBe(seedLog);
  });

  test('answers 503 when logs/log.md cannot be replaced, leaving no temp file behind', async () => {
    await rm(path.join(dir, HUMAN_LOG_PATH));
    await mkdir(path.join(dir, HUMAN_LOG_PATH));
    const response = await fetch(`${baseUrl}/collab/logs/generate`, {
      method: 'POST',
      headers: { ...server.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: {} }),
    });
    expect(response.status).toBe(503);
    expect(ProblemSchema.parse(await response.json()).detail).toMatch(
      /logs\/log\.md; it is unchanged/,
    );
    expect(await readdir(path.join(dir, 'logs'))).toEqual(['log.md']);
  });

  test('is documented in the OpenAPI document', async () => {
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(document.paths['/collab/logs/generate']).toHaveProperty('post');
  });
});
