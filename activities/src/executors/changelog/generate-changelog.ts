import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutorArgsSchemas, ExecutorResult } from '@kyros/contracts/schemas/executors';
import type { z } from 'zod';
import { realWorkspaceRoot, resolveWorkspaceFile } from '../../workspace/confine-path.ts';
import { isNotFound } from '../../workspace/is-not-found.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import type { ExecutorContext } from '../executor-context.ts';
import { ExecutorInputError } from '../executor-errors.ts';
import { prependChangelogSection, renderChangelogSection } from './conventional-commits.ts';
import { GitInputError, readGitLog } from './read-git-log.ts';

type ChangelogArgs = z.output<(typeof ExecutorArgsSchemas)['docs/changelog']>;

/**
 * `docs/changelog`: a section built from the workspace repository's git log, grouped by
 * conventional-commit type, prepended to `output`. The section carries a marker naming the range
 * and the newest commit, so a retried attempt finds it and writes nothing the second time.
 */
export async function generateChangelog(
  args: ChangelogArgs,
  context: ExecutorContext,
): Promise<ExecutorResult> {
  const { signal } = context;
  if (args.range?.startsWith('-'))
    throw new ExecutorInputError(`range must not start with "-": ${args.range}`);
  const workspaceRoot = await realWorkspaceRoot(context.workspaceRoot);
  const output = await resolveWorkspaceFile(workspaceRoot, args.output);
  context.heartbeat({ phase: 'git-log', done: 0 });
  const commits = await readGitLog(workspaceRoot, args.range ?? null, signal).catch(
    (error: unknown) => {
      if (error instanceof GitInputError) throw new ExecutorInputError(error.message);
      throw error;
    },
  );
  signal.throwIfAborted();
  const marker = `kyros-changelog ${args.range ?? 'HEAD'} ${commits[0]?.hash ?? 'empty'}`;
  const section = renderChangelogSection({ commits, range: args.range ?? null, marker });
  const existing = await readFile(output, 'utf8').catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  const relativeOutput = path.relative(workspaceRoot, output).split(path.sep).join('/');
  const next = prependChangelogSection(existing, section, marker);
  context.heartbeat({ phase: 'write', done: commits.length, total: commits.length });
  if (next !== null) {
    signal.throwIfAborted();
    await writeFileAtomically(output, next);
  }
  return {
    summary:
      next === null
        ? `The changelog already has the section for ${commits.length} commit(s); nothing written.`
        : `Added a changelog section for ${commits.length} commit(s) to ${relativeOutput}.`,
    files_changed: next === null ? [] : [relativeOutput],
    artifacts: [],
    details: {
      range: args.range ?? null,
      commits: commits.length,
      output: relativeOutput,
      head: commits[0]?.hash ?? null,
    },
  };
}
