import { readFile } from 'node:fs/promises';
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

interface ReportedMessage {
  file: string;
  rule: string | null;
  severity: string;
}

describe('lint', () => {
  it('lints with the default config when the workspace has none, JavaScript and TypeScript alike', async () => {
    await workspace.write('src/clean.js', 'export const answer = 42;\n');
    await workspace.write('src/unused.js', 'const unused = 1;\n');
    await workspace.write('src/typed.ts', 'const n: any = 1;\nexport const m = n;\n');
    await workspace.write('node_modules/dep/index.js', 'const ignored = 1;\n');

    const result = await runExecutor({ name: 'lint', args: {} }, workspace.context());

    expect(result.files_changed).toEqual([]);
    expect(result.details).toMatchObject({
      config: 'default',
      files_linted: 3,
      files_with_problems: 2,
      error_count: 2,
      warning_count: 0,
      messages_truncated: false,
    });
    const messages = result.details.messages as ReportedMessage[];
    expect(messages.map((message) => [message.file, message.rule])).toEqual([
      ['src/typed.ts', '@typescript-eslint/no-explicit-any'],
      ['src/unused.js', 'no-unused-vars'],
    ]);
  });

  it('writes the full report to an artifact file under artifactsDir', async () => {
    await workspace.write('a.js', 'const unused = 1;\n');
    const result = await runExecutor({ name: 'lint', args: { glob: '*.js' } }, workspace.context());

    const artifact = path.join(workspace.artifactsDir, 'lint-task-1.json');
    expect(result.artifacts).toEqual([artifact]);
    const report = JSON.parse(await readFile(artifact, 'utf8')) as {
      filePath: string;
      errorCount: number;
    }[];
    expect(report).toMatchObject([{ filePath: 'a.js', errorCount: 1 }]);
  });

  it('uses the workspace’s own flat config when it has one', async () => {
    await workspace.write('package.json', JSON.stringify({ type: 'module' }));
    await workspace.write(
      'eslint.config.js',
      "export default [{ files: ['**/*.js'], rules: { 'no-console': 'warn' } }];\n",
    );
    await workspace.write('a.js', "const unused = 1;\nconsole.log('hi');\n");

    const result = await runExecutor({ name: 'lint', args: { glob: 'a.js' } }, workspace.context());

    expect(result.details).toMatchObject({
      config: 'eslint.config.js',
      error_count: 0,
      warning_count: 1,
    });
    expect(result.details.messages).toMatchObject([{ rule: 'no-console', severity: 'warning' }]);
  });

  it('reports a file that does not parse as an error finding, not a failed run', async () => {
    await workspace.write('broken.js', 'const = ;\n');
    const result = await runExecutor({ name: 'lint', args: { glob: '*.js' } }, workspace.context());
    expect(result.details).toMatchObject({ error_count: 1 });
  });

  it('refuses a glob that leaves the root', async () => {
    await expect(
      runExecutor({ name: 'lint', args: { glob: 'src/../../*.js' } }, workspace.context()),
    ).rejects.toThrow(ExecutorInputError);
  });
});
