import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateTemporalCli, projectLocalCliPath, TemporalCliError } from './temporal-cli.ts';

describe('locateTemporalCli', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function executable(file: string): Promise<string> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '#!/bin/sh\necho "temporal version test"\n');
    await chmod(file, 0o755);
    return file;
  }

  it('uses TEMPORAL_CLI first, even when temporal is on PATH', async () => {
    const explicit = await executable(path.join(dir, 'custom', 'temporal'));
    await executable(path.join(dir, 'bin', 'temporal'));
    const found = await locateTemporalCli({
      explicitPath: explicit,
      projectRoot: dir,
      searchPath: path.join(dir, 'bin'),
    });
    expect(found).toBe(explicit);
  });

  it('refuses a TEMPORAL_CLI that is not executable instead of falling back', async () => {
    const notExecutable = path.join(dir, 'temporal');
    await writeFile(notExecutable, 'not a program');
    await expect(
      locateTemporalCli({ explicitPath: notExecutable, projectRoot: dir, searchPath: '' }),
    ).rejects.toThrow(TemporalCliError);
  });

  it('takes temporal from PATH before the project-local install', async () => {
    const onPath = await executable(path.join(dir, 'second', 'temporal'));
    await executable(projectLocalCliPath(dir));
    const found = await locateTemporalCli({
      explicitPath: undefined,
      projectRoot: dir,
      searchPath: [path.join(dir, 'first'), path.join(dir, 'second')].join(path.delimiter),
    });
    expect(found).toBe(onPath);
  });

  it('uses an existing project-local install without reinstalling it', async () => {
    const local = await executable(projectLocalCliPath(dir));
    const progress: string[] = [];
    const found = await locateTemporalCli({
      explicitPath: undefined,
      projectRoot: dir,
      searchPath: '',
      onProgress: (line) => progress.push(line),
    });
    expect(found).toBe(local);
    expect(progress).toEqual([]);
  });
});
