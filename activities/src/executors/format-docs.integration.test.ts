import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutorInputError, runExecutor } from './run-executor.ts';
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

const UNFORMATTED = '# Title\n\n*  one\n*  two\n\n\n\nSome   text.\n';
const FORMATTED = '# Title\n\n- one\n- two\n\nSome text.\n';
const LONG_LINE = 'one two three four five six seven eight nine ten eleven twelve thirteen';
const read = (relative: string) => readFile(path.join(workspace.root, relative), 'utf8');

describe('docs/format', () => {
  it('formats the Markdown files the glob selects and rewrites only those that change', async () => {
    await workspace.write('docs/a.md', UNFORMATTED);
    await workspace.write('docs/b.md', FORMATTED);
    await workspace.write('README.md', UNFORMATTED);
    await workspace.write('docs/c.txt', UNFORMATTED);

    const result = await runExecutor(
      { name: 'docs/format', args: { glob: 'docs/**' } },
      workspace.context(),
    );

    expect(result.files_changed).toEqual(['docs/a.md']);
    expect(result.details).toMatchObject({ files_checked: 2, config: null });
    expect(await read('docs/a.md')).toBe(FORMATTED);
    expect(await read('README.md')).toBe(UNFORMATTED);
    expect(await read('docs/c.txt')).toBe(UNFORMATTED);
    expect(workspace.heartbeats.at(-1)).toEqual({ phase: 'format', done: 2, total: 2 });
  });

  it('uses the default glob, and a second run changes nothing', async () => {
    await workspace.write('x/y.md', UNFORMATTED);
    const first = await runExecutor({ name: 'docs/format', args: {} }, workspace.context());
    const second = await runExecutor({ name: 'docs/format', args: {} }, workspace.context());
    expect(first.files_changed).toEqual(['x/y.md']);
    expect(second.files_changed).toEqual([]);
  });

  it('follows the workspace’s own Prettier config and .prettierignore', async () => {
    await workspace.write(
      '.prettierrc.json',
      JSON.stringify({ proseWrap: 'always', printWidth: 20 }),
    );
    await workspace.write('.prettierignore', 'vendor/\n');
    await workspace.write('long.md', 'one two three four five six seven eight\n');
    await workspace.write('vendor/v.md', UNFORMATTED);

    const result = await runExecutor({ name: 'docs/format', args: {} }, workspace.context());

    expect(result.files_changed).toEqual(['long.md']);
    expect(result.details).toMatchObject({ files_ignored: 1, config: '.prettierrc.json' });
    expect(await read('long.md')).toBe('one two three four\nfive six seven eight\n');
    expect(await read('vendor/v.md')).toBe(UNFORMATTED);
  });

  it('applies the tool options (Settings › Tools) on top of the workspace config', async () => {
    await workspace.write(
      '.prettierrc.json',
      JSON.stringify({ proseWrap: 'always', printWidth: 80 }),
    );
    await workspace.write('long.md', `${LONG_LINE}\n`);

    const result = await runExecutor(
      { name: 'docs/format', args: {} },
      workspace.context({ toolConfig: { printWidth: 40 } }),
    );

    expect(result.details).toMatchObject({ options: { printWidth: 40 } });
    expect(await read('long.md')).toBe(
      'one two three four five six seven eight\nnine ten eleven twelve thirteen\n',
    );
  });

  it('refuses tool options outside the tool schema as bad input, touching nothing', async () => {
    await workspace.write('a.md', UNFORMATTED);
    await expect(
      runExecutor(
        { name: 'docs/format', args: {} },
        workspace.context({ toolConfig: { printWidth: 'wide' } }),
      ),
    ).rejects.toThrow(/invalid options for docs\/format: printWidth/);
    expect(await read('a.md')).toBe(UNFORMATTED);
  });

  it.each([
    ['a parent segment', '../**/*.md'],
    ['an absolute path', '/etc/*.md'],
  ])('refuses a glob with %s as bad input', async (_label, glob) => {
    await expect(
      runExecutor({ name: 'docs/format', args: { glob } }, workspace.context()),
    ).rejects.toThrow(ExecutorInputError);
  });

  it('refuses a Markdown symlink out of the root and leaves its target alone', async () => {
    const outside = path.join(workspace.base, 'outside.md');
    await writeFile(outside, UNFORMATTED);
    await symlink(outside, path.join(workspace.root, 'escape.md'));

    await expect(
      runExecutor({ name: 'docs/format', args: {} }, workspace.context()),
    ).rejects.toThrow(ExecutorInputError);
    expect(await readFile(outside, 'utf8')).toBe(UNFORMATTED);
  });
});
