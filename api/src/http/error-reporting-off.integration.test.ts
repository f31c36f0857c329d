import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RECORDER = fileURLToPath(
  new URL('../../../test-support/src/errors/record-module-graph.mjs', import.meta.url),
);
const CHILD = fileURLToPath(
  new URL('../../../test-support/src/errors/error-reporting-child.ts', import.meta.url),
);

/** Runs the child with `env` and returns what it printed and every module URL it resolved. */
async function moduleGraph(dir: string, name: string, env: Record<string, string>) {
  const log = path.join(dir, `${name}.log`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', RECORDER, '--import', 'tsx', CHILD],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', KYROS_TEST_MODULE_LOG: log, ...env },
    },
  );
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { printed: JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as unknown, urls };
}

describe('error reporting is optional', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-module-graph-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('without SENTRY_DSN no Sentry module is in the API process; with it, @sentry/node is', async () => {
    const off = await moduleGraph(dir, 'off', {});
    expect(off.printed).toEqual({ reporting: false });
    expect(off.urls.some((url) => url.includes('/api/src/server.ts'))).toBe(true);
    expect(off.urls.filter((url) => url.includes('/@sentry/'))).toEqual([]);

    const on = await moduleGraph(dir, 'on', {
      SENTRY_DSN: 'http://publickey0123456789@127.0.0.1:9/1',
    });
    expect(on.printed).toEqual({ reporting: true });
    expect(on.urls.some((url) => url.includes('/@sentry/node/'))).toBe(true);
  });
});
