import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSourceHash } from './console-source-hash.ts';
import { consoleBuildPaths, ensureConsoleBuild } from './ensure-console-build.ts';

let root: string;

async function put(relative: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), content);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kyros-console-build-'));
  await put('remix-console/app/root.tsx', 'export default function App() {}');
  await put('remix-console/vite.config.ts', 'export default {}');
  await put('contracts/src/jobs.ts', 'export const x = 1;');
  await put('package-lock.json', '{}');
  await put('tsconfig.base.json', '{}');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureConsoleBuild', () => {
  it('builds nothing when the stamp beside the build matches the sources', async () => {
    const paths = consoleBuildPaths(root);
    await put('remix-console/build/server/index.js', 'built');
    await writeFile(paths.stampFile, `${await consoleSourceHash(root)}\n`);
    const lines: string[] = [];
    expect(
      await ensureConsoleBuild({ projectRoot: root, log: (line) => lines.push(line) }),
    ).toEqual({ status: 'up-to-date' });
    expect(lines).toEqual([]);
  });
});
