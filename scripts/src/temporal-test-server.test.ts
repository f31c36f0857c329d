import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectLocalToolPath, TemporalCliError } from './temporal-cli.ts';
import { locateTemporalTestServer, TEMPORAL_TEST_SERVER_TOOL } from './temporal-test-server.ts';

describe('locateTemporalTestServer', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-test-server-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function executable(file: string): Promise<string> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '#!/bin/sh\nexit 0\n');
    await chmod(file, 0o755);
    return file;
  }

  it('uses TEMPORAL_TEST_SERVER first, even when a project-local install exists', async () => {
    const explicit = await executable(path.join(dir, 'custom', 'temporal-test-server'));
    await executable(projectLocalToolPath(dir, TEMPORAL_TEST_SERVER_TOOL));
    await expect(
      locateTemporalTestServer({ explicitPath: explicit, projectRoot: dir }),
    ).resolves.toBe(explicit);
  });

  it('refuses a TEMPORAL_TEST_SERVER that is not executable instead of falling back', async () => {
    const notExecutable = path.join(dir, 'temporal-test-server');
    await writeFile(notExecutable, 'not a program');
    await expect(
      locateTemporalTestServer({ explicitPath: notExecutable, projectRoot: dir }),
    ).rejects.toThrow(TemporalCliError);
  });

  it('uses the pinned install under .tools/temporal-test-server/<version> without reinstalling', async () => {
    const local = await executable(projectLocalToolPath(dir, TEMPORAL_TEST_SERVER_TOOL));
    expect(local).toBe(
      path.join(dir, '.tools/temporal-test-server/1.40.0/bin/temporal-test-server'),
    );
    const progress: string[] = [];
    const found = await locateTemporalTestServer({
      explicitPath: undefined,
      projectRoot: dir,
      onProgress: (line) => progress.push(line),
    });
    expect(found).toBe(local);
    expect(progress).toEqual([]);
  });
});
