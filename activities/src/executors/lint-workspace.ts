import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import type { ExecutorArgsSchemas, ExecutorResult } from '@kyros/contracts/schemas/executors';
import type { z } from 'zod';
import { realWorkspaceRoot } from '../workspace/confine-path.ts';
import { expandWorkspaceGlob } from '../workspace/expand-glob.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import type { ExecutorContext } from './executor-context.ts';
import { defaultLintConfig, findWorkspaceEslintConfig } from './lint-config.ts';

type LintArgs = z.output<(typeof ExecutorArgsSchemas)['lint']>;

/** Files per ESLint call: small enough to heartbeat and notice cancellation between batches. */
const BATCH_SIZE = 25;
/** Messages copied into the result (and so into the event); the full report is the artifact. */
const MAX_MESSAGES = 50;

/**
 * `lint`: ESLint on the glob's files with the workspace's flat config, or a default one. Findings
 * are the product of a successful run, not a failure: counts and the first messages go into the
 * result's details and the whole report into `<artifactsDir>/lint-<taskId>.json`.
 */
export async function lintWorkspace(
  args: LintArgs,
  context: ExecutorContext,
): Promise<ExecutorResult> {
  const { signal } = context;
  const workspaceRoot = await realWorkspaceRoot(context.workspaceRoot);
  const files = await expandWorkspaceGlob(workspaceRoot, args.glob, signal);
  const configFile = await findWorkspaceEslintConfig(workspaceRoot);
  const eslint = new ESLint({
    cwd: workspaceRoot,
    errorOnUnmatchedPattern: false,
    globInputPaths: false,
    // Files the config ignores are simply not linted, not reported as warnings.
    warnIgnored: false,
    ...(configFile
      ? { overrideConfigFile: configFile }
      : { overrideConfigFile: true, overrideConfig: defaultLintConfig() }),
  });
  const results: ESLint.LintResult[] = [];
  for (let start = 0; start < files.length; start += BATCH_SIZE) {
    signal.throwIfAborted();
    context.heartbeat({ phase: 'lint', done: start, total: files.length });
    const batch = files.slice(start, start + BATCH_SIZE).map((file) => file.absolute);
    results.push(...(await eslint.lintFiles(batch)));
  }
  signal.throwIfAborted();
  context.heartbeat({ phase: 'lint', done: files.length, total: files.length });

  const report = results.map((result) => ({
    ...result,
    filePath: relativeTo(workspaceRoot, result.filePath),
  }));
  const artifact = path.join(context.artifactsDir, `lint-${context.taskId}.json`);
  await mkdir(context.artifactsDir, { recursive: true });
  await writeFileAtomically(artifact, `${JSON.stringify(report, null, 2)}\n`);

  const errorCount = sum(results, (result) => result.errorCount);
  const warningCount = sum(results, (result) => result.warningCount);
  const messages = report.flatMap((result) =>
    result.messages.map((message) => ({
      file: result.filePath,
      line: message.line,
      column: message.column,
      rule: message.ruleId,
      severity: message.severity === 2 ? 'error' : 'warning',
      message: message.message,
    })),
  );
  return {
    summary: `Linted ${files.length} file(s): ${errorCount} error(s), ${warningCount} warning(s).`,
    files_changed: [],
    artifacts: [artifact],
    details: {
      glob: args.glob,
      config: configFile ? path.basename(configFile) : 'default',
      files_linted: files.length,
      files_with_problems: results.filter((result) => result.messages.length > 0).length,
      error_count: errorCount,
      warning_count: warningCount,
      messages: messages.slice(0, MAX_MESSAGES),
      messages_truncated: messages.length > MAX_MESSAGES,
    },
  };
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}
