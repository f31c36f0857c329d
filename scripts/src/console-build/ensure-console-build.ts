import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isAlive } from '../process-alive.ts';
import { consoleSourceHash } from './console-source-hash.ts';

export type ConsoleBuildOutcome =
  { status: 'up-to-date' } | { status: 'built'; reason: string; seconds: number };

export class ConsoleBuildError extends Error {
  override name = 'ConsoleBuildError';
}

/** Where the build and its stamp live, relative to the repository root. */
export function consoleBuildPaths(projectRoot: string) {
  const consoleDir = path.join(projectRoot, 'remix-console');
  const buildDir = path.join(consoleDir, 'build');
  return {
    consoleDir,
    buildDir,
    serverEntry: path.join(buildDir, 'server', 'index.js'),
    /** The source hash the build in buildDir was made from; written only after a build succeeds. */
    stampFile: path.join(buildDir, '.source-hash'),
    /** Held while a build runs, so two starts on one checkout never build into one directory. */
    lockFile: path.join(consoleDir, '.cache', 'console-build.lock'),
  };
}

/**
 * Makes sure remix-console/build is the production build of the current sources: nothing to do
 * when the stamp beside it matches their hash, otherwise one `remix vite:build` (with a progress
 * line). Concurrent callers on one checkout wait for the build in progress instead of starting one.
 */
export async function ensureConsoleBuild(options: {
  projectRoot: string;
  log: (line: string) => void;
  /** Aborting stops a build in progress (the supervisor stopping before it is done). */
  signal?: AbortSignal;
}): Promise<ConsoleBuildOutcome> {
  const paths = consoleBuildPaths(options.projectRoot);
  for (;;) {
    const hash = await consoleSourceHash(options.projectRoot);
    const reason = await staleReason(paths, hash);
    if (reason === undefined) return { status: 'up-to-date' };
    if (!(await takeLock(paths.lockFile))) {
      await waitForLockRelease(paths.lockFile, options.log);
      continue; // someone else built (or failed to): look again
    }
    try {
      // Checked again under the lock: a build may have finished between the first look and now.
      if ((await staleReason(paths, hash)) === undefined) return { status: 'up-to-date' };
      options.log(`building the console's production bundle (${reason}); this takes a while…`);
      const started = performance.now();
      await rm(paths.stampFile, { force: true });
      await runViteBuild(paths.consoleDir, options.signal);
      await writeFile(paths.stampFile, `${hash}\n`);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      options.log(`console built in ${seconds} s`);
      return { status: 'built', reason, seconds };
    } finally {
      await rm(paths.lockFile, { force: true });
    }
  }
}

async function staleReason(
  paths: ReturnType<typeof consoleBuildPaths>,
  hash: string,
): Promise<string | undefined> {
  const stamp = await readFile(paths.stampFile, 'utf8').catch(() => undefined);
  if (stamp === undefined || !existsSync(paths.serverEntry)) return 'no build yet';
  return stamp.trim() === hash ? undefined : 'its sources changed since the last build';
}

async function takeLock(lockFile: string): Promise<boolean> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (await isAbandoned(lockFile)) await rm(lockFile, { force: true });
  return false;
}

async function waitForLockRelease(lockFile: string, log: (line: string) => void): Promise<void> {
  log('another process is building the console; waiting for it');
  while (existsSync(lockFile) && !(await isAbandoned(lockFile))) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A build takes well under a minute; a lock whose holder is gone, or this old, was left behind. */
const ABANDONED_AFTER_MS = 10 * 60_000;

async function isAbandoned(lockFile: string): Promise<boolean> {
  const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  const age = await stat(lockFile).then(
    (stats) => Date.now() - stats.mtimeMs,
    () => 0,
  );
  return !isAlive(holder) || age > ABANDONED_AFTER_MS;
}

/** `remix vite:build` in the console's directory; its output is shown only when it fails. */
async function runViteBuild(consoleDir: string, signal?: AbortSignal): Promise<void> {
  const require = createRequire(path.join(consoleDir, 'package.json'));
  const remixPackage = require.resolve('@remix-run/dev/package.json');
  const cli = path.join(path.dirname(remixPackage), 'dist', 'cli.js');
  // NODE_ENV=production whatever the caller's: it selects React's production build.
  const child = spawn(process.execPath, [cli, 'vite:build'], {
    cwd: consoleDir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | string>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  signal?.throwIfAborted();
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-30).join('\n');
    throw new ConsoleBuildError(`the console build failed (${code}):\n${tail}`);
  }
}
