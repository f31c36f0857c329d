import type { ChildProcess } from 'node:child_process';
import { startTsChild, type TsChild } from '@kyros/scripts/ts-child-process';
import { freePort } from '@kyros/scripts/free-port';

/** A free port for every listener `npm start` opens, as the variables that set them. */
export async function freeProductPorts() {
  return {
    API_PORT: await freePort(),
    CONSOLE_PORT: await freePort(),
    TERMINAL_PORT: await freePort(),
    KYROS_POSTGRES_PORT: await freePort(),
    TEMPORAL_DEV_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
  };
}

/** `npm start` (scripts/src/start.ts) as a child process, its output captured. */
export interface KyrosProcess {
  child: ChildProcess;
  process: TsChild;
  output: () => string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

export function startKyros(
  env: Record<string, string>,
  options: { onOutput?: (chunk: Buffer) => void } = {},
): KyrosProcess {
  const run = startTsChild({
    name: 'npm start',
    entry: 'scripts/src/start.ts',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  return {
    child: run.process,
    process: run,
    output: run.output,
    exited: run.exited.then((exit) => exit.code),
  };
}

/** Resolves when the text appears in the output; rejects if the process exits first. */
export function waitForOutput(
  run: KyrosProcess,
  text: string | RegExp,
  boundMs = 150_000,
): Promise<void> {
  return run.process.waitForOutput(text, boundMs);
}

/** The first admin a development start printed (`Admin  <email> / <password>`). */
export function printedAdmin(run: KyrosProcess): { email: string; password: string } {
  const shown = /Admin {9}(\S+) \/ (\S+)/.exec(run.output());
  if (!shown?.[1] || !shown[2]) throw new Error(`no admin credentials printed:\n${run.output()}`);
  return { email: shown[1], password: shown[2] };
}

/** SIGINT (Ctrl-C: the supervisor stops everything), SIGKILL after `graceMs`; the exit code. */
export async function stopKyros(run: KyrosProcess, graceMs = 45_000): Promise<number | null> {
  return (await run.process.stop({ signal: 'SIGINT', graceMs })).code;
}
