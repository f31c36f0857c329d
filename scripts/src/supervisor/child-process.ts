import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) once the child has exited. */
  exited: Promise<number | string>;
  stop(graceMs: number): Promise<void>;
}

/**
 * Runs a TypeScript entry point in its own process group, so a terminal Ctrl-C reaches only the
 * supervisor, which then stops the children in dependency order.
 */
export function startTsChild(options: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): ManagedChild {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  return manage(options.name, child);
}

export function manage(name: string, child: ChildProcess): ManagedChild {
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  return {
    name,
    process: child,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
