import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@kyros/test-support/temporal/test-temporal';
import { WORKFLOWS_PATH } from './create-worker.ts';
import { historyFromJson } from './testing/history-json.ts';

const FIXTURES_DIR = path.join(PROJECT_ROOT, 'workflows/test/fixtures');

describe('recorded workflow histories', () => {
  it('replay against the current workflow code (a non-deterministic change fails here)', async () => {
    const names = (await readdir(FIXTURES_DIR)).filter((name) => name.endsWith('.json')).sort();
    expect(names.length).toBeGreaterThan(0);
    const histories = await Promise.all(
      names.map(async (name) => ({
        workflowId: name,
        history: historyFromJson(JSON.parse(await readFile(path.join(FIXTURES_DIR, name), 'utf8'))),
      })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
