import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutorInputError, runExecutor } from '../run-executor.ts';
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

async function commit(subject: string, body?: string): Promise<string> {
  await workspace.write('log.txt', `${subject}\n`);
  await workspace.git('add', 'log.txt');
  await workspace.git('commit', '-q', '-m', subject, ...(body ? ['-m', body] : []));
  return workspace.git('rev-parse', 'HEAD');
}

const changelog = () => readFile(path.join(workspace.root, 'CHANGELOG.md'), 'utf8');

describe('docs/changelog', () => {
  beforeEach(async () => {
    await workspace.git('init', '-q', '-b', 'main');
  });

  it('writes a section grouped by type from the repository’s whole history', async () => {
    await commit('chore: initial');
    await commit('feat(api): leases');
    const fix = await commit('fix: off by one', 'BREAKING CHANGE: counts start at 1');
    await commit('a free-form subject');

    const result = await runExecutor({ name: 'docs/changelog', args: {} }, workspace.context());

    expect(result.files_changed).toEqual(['CHANGELOG.md']);
    expect(result.details).toMatchObject({ commits: 4, range: null, output: 'CHANGELOG.md' });
    const text = await changelog();
    expect(text.startsWith('# Changelog\n\n<!-- kyros-changelog HEAD ')).toBe(true);
    expect(text).toContain('### Features\n\n- **api:** leases (');
    expect(text).toContain(`### Bug fixes\n\n- **BREAKING** off by one (${fix.slice(0, 7)})`);
    expect(text).toContain('### Chores\n\n- initial (');
    expect(text).toContain('### Other changes\n\n- a free-form subject (');
  });

  it('summarises only the range and prepends below the title, once even when retried', async () => {
    await commit('feat: first');
    await workspace.git('tag', 'v1');
    await commit('fix: second');
    await workspace.write('CHANGELOG.md', '# Changelog\n\n## Older\n\n- old entry\n');
    const spec = { name: 'docs/changelog' as const, args: { range: 'v1..HEAD' } };

    const first = await runExecutor(spec, workspace.context());
    const afterFirst = await changelog();
    const retry = await runExecutor(spec, workspace.context());

    expect(first.details).toMatchObject({ commits: 1 });
    expect(afterFirst).toMatch(
      /^# Changelog\n\n<!-- kyros-changelog v1\.\.HEAD [0-9a-f]{40} -->\n/,
    );
    expect(afterFirst).toContain('### Bug fixes\n\n- second (');
    expect(afterFirst).not.toContain('first');
    expect(afterFirst.endsWith('## Older\n\n- old entry\n')).toBe(true);
    expect(retry.files_changed).toEqual([]);
    expect(await changelog()).toBe(afterFirst);
  });

  it('writes to a nested output path inside the workspace', async () => {
    await commit('docs: guide');
    await runExecutor(
      { name: 'docs/changelog', args: { output: 'docs/history/CHANGES.md' } },
      workspace.context(),
    );
    const text = await readFile(path.join(workspace.root, 'docs/history/CHANGES.md'), 'utf8');
    expect(text).toContain('### Documentation\n\n- guide (');
  });

  it('refuses as bad input an unknown revision, an option-like range and an output outside the root', async () => {
    await commit('feat: one');
    await mkdir(path.join(workspace.base, 'outside'));
    await symlink(path.join(workspace.base, 'outside'), path.join(workspace.root, 'out'));
    for (const args of [
      { range: 'nope..HEAD' },
      { range: '--all' },
      { output: '../CHANGELOG.md' },
      { output: 'out/CHANGELOG.md' },
    ]) {
      await expect(
        runExecutor({ name: 'docs/changelog', args }, workspace.context()),
      ).rejects.toThrow(ExecutorInputError);
    }
  });

  it('stops at the git step when cancelled, writing nothing', async () => {
    await commit('feat: one');
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const context = workspace.context({
      signal: controller.signal,
      heartbeat: (progress) => {
        if (progress.phase === 'git-log') controller.abort(reason);
      },
    });
    await expect(runExecutor({ name: 'docs/changelog', args: {} }, context)).rejects.toBe(reason);
    await expect(changelog()).rejects.toThrow(/ENOENT/);
  });

  it('refuses a workspace that is not a git repository as bad input', async () => {
    await workspace.remove();
    workspace = await createTempWorkspace();
    const run = runExecutor({ name: 'docs/changelog', args: {} }, workspace.context());
    await expect(run).rejects.toThrow(ExecutorInputError);
    await expect(run).rejects.toThrow(/git log failed: fatal: not a git repository/);
  });
});
