import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTsChild } from './ts-child-process.ts';

let dir: string;
const entry = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-ts-child-'));
  // Says it is ready, then exits 0 on SIGTERM.
  await writeFile(
    entry('graceful.ts'),
    "const tag: string = process.env.TAG ?? 'none';\n" +
      "process.on('SIGTERM', () => process.exit(0));\n" +
      'console.log(`ready ${tag} ${process.argv.slice(2).join(",")}`);\n' +
      'setInterval(() => {}, 60_000);\n',
  );
  // Ignores SIGTERM: only SIGKILL ends it.
  await writeFile(
    entry('stubborn.ts'),
    "process.on('SIGTERM', () => undefined);\nconsole.log('ready');\nsetInterval(() => {}, 60_000);\n",
  );
  await writeFile(entry('crash.ts'), "console.error('boom');\nprocess.exit(3);\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('startTsChild', () => {
  it('runs a TypeScript entry with exactly the given env and args, and stops it with SIGTERM', async () => {
    const child = startTsChild({
      name: 'graceful',
      entry: entry('graceful.ts'),
      args: ['a', 'b'],
      env: { PATH: process.env.PATH, TAG: 'seen' },
    });
    await child.waitForOutput('ready seen a,b', 30_000);
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    expect(child.stopRequested()).toBe(true);
  });

  it('sends SIGKILL when the grace period ends', async () => {
    const child = startTsChild({ name: 'stubborn', entry: entry('stubborn.ts'), env: {} });
    await child.waitForOutput('ready', 30_000);
    expect(await child.stop({ graceMs: 200 })).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('rejects a wait when the child exits first, with its output', async () => {
    const child = startTsChild({ name: 'crash', entry: entry('crash.ts'), env: {} });
    await expect(child.waitForOutput('never printed', 30_000)).rejects.toThrow(
      /crash exited \(exit 3\) before "never printed":\nboom/,
    );
    expect(child.stopRequested()).toBe(false);
  });
});
