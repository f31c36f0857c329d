import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSourceHash } from './console-source-hash.ts';

let root: string;

async function put(relative: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), content);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kyros-console-hash-'));
  await put('remix-console/app/root.tsx', 'export default function App() {}');
  await put('remix-console/vite.config.ts', 'export default {}');
  await put('contracts/src/jobs.ts', 'export const x = 1;');
  await put('package-lock.json', '{}');
  await put('tsconfig.base.json', '{}');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the console source hash', () => {
  it('is the same for the same sources', async () => {
    expect(await consoleSourceHash(root)).toBe(await consoleSourceHash(root));
  });

  it.each([
    ['an edited console file', 'remix-console/app/root.tsx'],
    ['an added console file', 'remix-console/app/routes/new.tsx'],
    ['an edited contract (the console bundles them)', 'contracts/src/jobs.ts'],
    ['a changed lockfile', 'package-lock.json'],
  ])('changes with %s', async (_, file) => {
    const before = await consoleSourceHash(root);
    await put(file, 'changed');
    expect(await consoleSourceHash(root)).not.toBe(before);
  });

  it('ignores the build output, caches and installs', async () => {
    const before = await consoleSourceHash(root);
    await put('remix-console/build/server/index.js', 'built');
    await put('remix-console/.cache/console-build.lock', '1');
    await put('remix-console/node_modules/x/index.js', 'installed');
    await put('api/src/main.ts', 'not bundled by the console');
    expect(await consoleSourceHash(root)).toBe(before);
  });
});
