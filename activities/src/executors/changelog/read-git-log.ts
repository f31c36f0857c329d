import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GitCommit } from './conventional-commits.ts';

const execFileAsync = promisify(execFile);

const FIELD = '\x1f';
const RECORD = '\x1e';

/** git refused the range or the directory is not a repository: the task's input, not a glitch. */
export class GitInputError extends Error {
  override name = 'GitInputError';
}

/**
 * Reads the commits of `range` (newest first, merges left out) with an argument array, never a
 * shell string. `--end-of-options` keeps a range from being read as an option, and the config
 * overrides keep a workspace's `.git/config` from running programs.
 */
export async function readGitLog(
  repositoryDir: string,
  range: string | null,
  signal: AbortSignal,
): Promise<GitCommit[]> {
  const args = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'core.pager=cat',
    'log',
    '--no-merges',
    '--no-color',
    `--format=%H${FIELD}%aI${FIELD}%s${FIELD}%b${RECORD}`,
    '--end-of-options',
    ...(range === null ? ['HEAD'] : [range]),
    '--',
  ];
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync('git', args, {
      cwd: repositoryDir,
      signal,
      maxBuffer: 64 * 1024 * 1024,
      // Only what git needs to be found and to stay quiet: no GIT_DIR or similar from the worker.
      env: { PATH: process.env.PATH ?? '', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    }));
  } catch (error) {
    signal.throwIfAborted();
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    if (stderr.length > 0)
      throw new GitInputError(`git log failed: ${stderr.split('\n')[0] ?? stderr}`);
    throw error;
  }
  return stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [hash = '', date = '', subject = '', body = ''] = record.split(FIELD);
      return { hash, date, subject, body: body.trim() };
    });
}
