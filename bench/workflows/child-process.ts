import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STOP_GRACE_MS = 10_000;

export interface BenchChild {
  name: string;
  pid: number;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  output(): string;
  /** Rejects as soon as the child exits, unless it was asked to stop. */
  exited: Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** A TypeScript entry point of the repository in its own Node process, with only `env`. */
export function spawnTsChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): BenchChild {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = gone.then(() => {
    if (!stopping) throw new Error(`${name} exited unexpectedly:\n${tail.trim()}`);
  });
  exited.catch(() => undefined);
  return {
    name,
    pid: child.pid ?? -1,
    output: () => tail,
    exited,
    stop: async () => {
      stopping = true;
      await stopChild(child, gone);
    },
  };
}

async function stopChild(child: ChildProcess, gone: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

/** Polls `probe` until it resolves true; fails early if the child dies. */
export async function waitFor(
  what: string,
  child: BenchChild,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead: Error | undefined;
  child.exited.catch((error: unknown) => (dead = error as Error));
  while (Date.now() < deadline) {
    if (dead) throw dead;
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms:\n${child.output().trim()}`);
}
