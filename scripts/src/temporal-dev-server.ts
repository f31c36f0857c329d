import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  cli: string;
  host: string;
  port: number;
  /** Omit to run without the Web UI (tests). */
  uiPort?: number;
  /** SQLite file for durable state; omit for an in-memory server (tests). */
  dbFile?: string;
  /** Server output goes here; omit to discard it. */
  logFile?: string;
  namespace?: string;
  readyTimeoutMs?: number;
}

/**
 * One partition per task queue. The dev server is a single process, so partitions only add
 * hops: a task added to a partition without a waiting poller is forwarded to the root partition,
 * and polls are forwarded the same way. With one partition, 200 task runs at once cost matching
 * 2 AddWorkflowTask calls per run instead of about 5 (bench:workflows, docs/PERFORMANCE.md).
 * A persisted server may hold a backlog in the other partitions from an earlier start, so it
 * only stops writing to them and keeps reading all of them (Temporal's way to scale down).
 */
function dynamicConfig(persisted: boolean): Record<string, number> {
  return {
    'matching.numTaskqueueWritePartitions': 1,
    ...(persisted ? {} : { 'matching.numTaskqueueReadPartitions': 1 }),
  };
}

/** Runs `temporal server start-dev` and resolves once its frontend answers a health check. */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<TemporalDevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    options.host,
    '--port',
    String(options.port),
    '--log-format',
    'json',
    '--log-level',
    'warn',
    '--ui-disable-news-fetch',
  ];
  for (const [key, value] of Object.entries(dynamicConfig(options.dbFile !== undefined))) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.namespace && options.namespace !== 'default')
    args.push('--namespace', options.namespace);

  const child = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keepTail = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  if (options.logFile) {
    await mkdir(path.dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const address = `${options.host}:${options.port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const ready = waitUntilServing(address, options.readyTimeoutMs ?? 60_000);
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then((code) => ({ code })),
  ]);
  if (outcome !== 'ready') {
    throw new Error(
      `the Temporal dev server exited (code ${outcome.code}) before it was ready on ${address}: ${tail.trim().slice(-1500)}`,
    );
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://${options.host}:${options.uiPort}`,
    process: child,
    stop,
  };
}

/** Polls the frontend's gRPC health service until it reports SERVING. */
export async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(
    `Temporal at ${address} did not answer within ${timeoutMs} ms: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}
