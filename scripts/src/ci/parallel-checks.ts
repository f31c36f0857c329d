import { spawn } from 'node:child_process';

/** One static check: a name for the report and the npm script (or command) that runs it. */
export interface Check {
  name: string;
  command: string;
  args: readonly string[];
}

/** How one check ended, with everything it wrote, kept until the end so outputs never interleave. */
export interface CheckResult {
  name: string;
  code: number;
  output: string;
  ms: number;
}

/**
 * Runs `checks` at most `parallel` at a time (the machine's cores: each is one single-threaded
 * process), in the order given as slots free up; all of them run even when one fails, so a single
 * run reports every problem. Results come back in the order of `checks`.
 */
export async function runChecks(
  checks: readonly Check[],
  options: { parallel: number; cwd: string; onDone?: (result: CheckResult) => void },
): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(checks.length);
  let next = 0;
  const slot = async (): Promise<void> => {
    while (next < checks.length) {
      const index = next;
      next += 1;
      const check = checks[index];
      if (!check) return;
      const result = await runCheck(check, options.cwd);
      results[index] = result;
      options.onDone?.(result);
    }
  };
  const slots = Math.max(1, Math.min(options.parallel, checks.length));
  await Promise.all(Array.from({ length: slots }, slot));
  return results;
}

function runCheck(check: Check, cwd: string): Promise<CheckResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(check.command, check.args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (code: number, extra = '') =>
      resolve({
        name: check.name,
        code,
        output: Buffer.concat(chunks).toString('utf8') + extra,
        ms: Math.round(performance.now() - started),
      });
    child.on('error', (error) => finish(127, `${check.command}: ${error.message}\n`));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}
