import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { installPypiTool, type PypiTool } from '../temporal-cli.ts';

const execFileAsync = promisify(execFile);

/** Schemathesis, the OpenAPI fuzzer the contract test runs (docs/TESTING.md, "Contract fuzzing"). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * How to run the installed `st`: through the venv's own Python, because pip writes the staging
 * directory's path into the script's `#!` line and the venv is renamed after the install.
 */
export function schemathesisCommand(st: string): { command: string; args: string[] } {
  return { command: path.join(path.dirname(st), 'python'), args: ['-m', 'schemathesis.cli'] };
}

export const SCHEMATHESIS_TOOL: PypiTool = {
  label: 'Schemathesis',
  package: 'schemathesis',
  version: SCHEMATHESIS_VERSION,
  requirements: 'schemathesis.txt',
  dir: 'schemathesis',
  binary: 'st',
  async smokeTest(st) {
    const { command, args } = schemathesisCommand(st);
    const { stdout } = await execFileAsync(command, [...args, '--version'], { timeout: 60_000 });
    return stdout.trim();
  },
};

/** `.tools/schemathesis/<version>/bin/st`, installed from PyPI (hash-pinned) on first use. */
export function locateSchemathesis(
  projectRoot: string,
  onProgress?: (message: string) => void,
): Promise<string> {
  return installPypiTool(projectRoot, SCHEMATHESIS_TOOL, onProgress);
}
