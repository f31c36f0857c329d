import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutorSpec } from '@kyros/contracts/schemas/executors';
import { ExecutorInputError, runExecutor, type FlowRunner } from './run-executor.ts';
import {
  createTempWorkspace,
  type TempWorkspace,
} from '@kyros/test-support/workspace/temp-workspace';

let workspace: TempWorkspace;
beforeEach(async () => {
  workspace = await createTempWorkspace();
});
afterEach(async () => {
  await workspace.remove();
});

const UNFORMATTED = '*  item\n';
const format: ExecutorSpec = { name: 'docs/format', args: {} };

describe('runExecutor', () => {
  it('refuses an unknown executor and unknown arguments as bad input', async () => {
    const unknown = { name: 'shell', args: { cmd: 'rm -rf /' } } as unknown as ExecutorSpec;
    await expect(runExecutor(unknown, workspace.context())).rejects.toThrow(ExecutorInputError);
    await expect(
      runExecutor({ name: 'lint', args: { fix: true } }, workspace.context()),
    ).rejects.toThrow(/invalid executor spec: args/);
  });

  it('hands flow/ executors to the flow runner, and refuses them without one', async () => {
    const spec: ExecutorSpec = { name: 'flow/summarize-docs', args: {} };
    const flows: FlowRunner = (received) =>
      Promise.resolve({ summary: received.name, files_changed: [], artifacts: [], details: {} });
    await expect(runExecutor(spec, workspace.context(), flows)).resolves.toMatchObject({
      summary: 'flow/summarize-docs',
    });
    await expect(runExecutor(spec, workspace.context())).rejects.toThrow(ExecutorInputError);
  });

  it('stops between files when the signal aborts, leaving the rest untouched', async () => {
    for (const name of ['a.md', 'b.md', 'c.md']) await workspace.write(name, UNFORMATTED);
    const controller = new AbortController();
    const reason = new Error('cancelled by the workflow');
    const context = workspace.context({
      signal: controller.signal,
      heartbeat: (progress) => {
        // Cancel once the first file has been formatted.
        if (progress.done === 1) controller.abort(reason);
      },
    });

    await expect(runExecutor(format, context)).rejects.toBe(reason);

    const contents = await Promise.all(
      ['a.md', 'b.md', 'c.md'].map((name) => readFile(path.join(workspace.root, name), 'utf8')),
    );
    expect(contents).toEqual(['- item\n', UNFORMATTED, UNFORMATTED]);
  });

  it('does not start when the signal is already aborted', async () => {
    await workspace.write('a.md', UNFORMATTED);
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(
      runExecutor(format, workspace.context({ signal: controller.signal })),
    ).rejects.toThrow('gone');
    expect(await readFile(path.join(workspace.root, 'a.md'), 'utf8')).toBe(UNFORMATTED);
  });
});
