import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: entries and the child's working directory are relative to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TsChildOptions {
  /** For messages: "the API", "worker". */
  name: string;
  /** The TypeScript entry point, relative to the repository root or absolute. */
  entry: string;
  /** Exactly the child's environment: nothing of the caller's leaks in unless passed here. */
  env: NodeJS.ProcessEnv;
  args?: string[];
  /** Node's own flags, before `--import tsx` (`--cpu-prof`, …). */
  nodeArgs?: string[];
  cwd?: string;
  /**
   * `inherit`: the child writes to this process's stdout/stderr (the supervisor); `capture`
   * (the default): its output is kept for {@link TsChild.output} and ready lines; `ignore`.
   */
  stdio?: 'inherit' | 'capture' | 'ignore';
  /** Called with every chunk the child writes (a log file, a prefixed echo). */
  onOutput?: (chunk: Buffer) => void;
  /** Keep only the last this-many characters of output (default: all of it). */
  keepChars?: number;
  /** Its own process group, so a terminal's Ctrl-C reaches only the parent. */
  detached?: boolean;
}

/** A `node --import tsx <entry>` child process. */
export interface TsChild {
  name: string;
  pid: number;
  process: ChildProcess;
  /** What it wrote so far (stdout and stderr), with `capture`. */
  output: () => string;
  /** Resolves once it has exited, however that happened. */
  exited: Promise<ChildExit>;
  /** Whether {@link stop} or {@link kill} was called: any other exit is unexpected. */
  stopRequested(): boolean;
  /**
   * Polls `probe` until it resolves true (a probe that throws counts as false); rejects as soon as
   * the child exits, or after `timeoutMs`, with its output.
   */
  waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Resolves once its output matches `ready`; rejects if it exits first or after `timeoutMs`. */
  waitForOutput(ready: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once `url` answers 2xx; rejects if it exits first or after `timeoutMs`. */
  waitForUrl(url: string, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (if it still runs) and resolves once it has exited. */
  kill: (signal?: NodeJS.Signals) => Promise<ChildExit>;
  /** `signal` (SIGTERM: graceful shutdown), then SIGKILL after `graceMs`. */
  stop(options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<ChildExit>;
}

/** Starts `node [nodeArgs] --import tsx <entry> [args]` with `env`. */
export function startTsChild(options: TsChildOptions): TsChild {
  const stdio = options.stdio ?? 'capture';
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', options.entry, ...(options.args ?? [])],
    {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env,
      stdio: ['ignore', stdio === 'capture' ? 'pipe' : stdio, stdio === 'capture' ? 'pipe' : stdio],
      detached: options.detached ?? false,
    },
  );
  let output = '';
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.keepChars && output.length > options.keepChars) {
      output = output.slice(-options.keepChars);
    }
    options.onOutput?.(chunk);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  let stopping = false;
  const running = () => child.exitCode === null && child.signalCode === null;
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    stopping = true;
    if (running()) child.kill(signal);
    return exited;
  };
  const waitUntil = async (what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await probe().catch(() => false)) return;
      if (!running()) {
        const exit = await exited;
        throw new Error(
          `${options.name} exited (${describeExit(exit)}) before ${what}:\n${output}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`${options.name}: no ${what} after ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    name: options.name,
    pid: child.pid ?? -1,
    process: child,
    output: () => output,
    exited,
    stopRequested: () => stopping,
    waitUntil,
    waitForOutput: (ready, timeoutMs = 60_000) =>
      waitUntil(
        `"${String(ready)}"`,
        () =>
          Promise.resolve(typeof ready === 'string' ? output.includes(ready) : ready.test(output)),
        timeoutMs,
      ),
    waitForUrl: (url, timeoutMs = 60_000) =>
      waitUntil(`an answer from ${url}`, () => answers(url), timeoutMs),
    kill,
    async stop({ signal = 'SIGTERM', graceMs = 10_000 } = {}) {
      if (!running()) return exited;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await kill(signal);
      clearTimeout(timer);
      return exit;
    },
  };
}

/** `exit 0`, `SIGKILL`: for messages. */
export function describeExit(exit: ChildExit): string {
  return exit.signal ?? `exit ${exit.code ?? 'unknown'}`;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    // Not listening yet: the process is still loading its modules.
    return false;
  }
}
