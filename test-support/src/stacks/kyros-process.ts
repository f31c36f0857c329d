import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@kyros/scripts/free-port';
import { PROJECT_ROOT } from '../temporal/test-temporal.ts';

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
  output: () => string;
  exited: Promise<number | null>;
}

export function startKyros(env: Record<string, string>): KyrosProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

/** Resolves when the text appears in the output; rejects if the process exits first. */
export async function waitForOutput(
  run: KyrosProcess,
  text: string | RegExp,
  boundMs = 150_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  const seen = () =>
    typeof text === 'string' ? run.output().includes(text) : text.test(run.output());
  while (!seen()) {
    if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`never printed "${String(text)}":\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first admin a development start printed (`Admin  <email> / <password>`). */
export function printedAdmin(run: KyrosProcess): { email: string; password: string } {
  const shown = /Admin {9}(\S+) \/ (\S+)/.exec(run.output());
  if (!shown?.[1] || !shown[2]) throw new Error(`no admin credentials printed:\n${run.output()}`);
  return { email: shown[1], password: shown[2] };
}

/** SIGINT, then the exit code. */
export async function stopKyros(run: KyrosProcess): Promise<number | null> {
  if (run.child.exitCode === null) run.child.kill('SIGINT');
  return run.exited;
}
