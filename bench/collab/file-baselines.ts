import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceFileAtomically } from '@kyros/durable-files/atomic-write';
import { runClosedLoop, type ClosedLoopResult } from './closed-loop.ts';
import { round, summariseLatencies, type LatencySummary } from './latency-stats.ts';

export interface FileBaseline {
  opsPerSec: number;
  ops: number;
  latency: LatencySummary;
}

/**
 * The raw cost of writing one task durably without the API: the store's own atomic replace (temp
 * file, fsync, rename, directory fsync) of `content` (one task's file), one after another, in a
 * directory of its own on the same filesystem.
 */
export async function measureAtomicReplace(
  dir: string,
  content: string,
  durationMs: number,
): Promise<FileBaseline> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'T-1.json');
  try {
    const result = await runClosedLoop(1, durationMs, () => replaceFileAtomically(file, content));
    return baseline(result);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The naive event log: append one line, fsync, next line — no batching. */
export async function measureAppendAndFsync(
  dir: string,
  line: string,
  durationMs: number,
): Promise<FileBaseline> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'events.jsonl');
  const bytes = Buffer.from(line, 'utf8');
  const handle = await open(file, 'a');
  try {
    const result = await runClosedLoop(1, durationMs, async () => {
      await handle.write(bytes);
      await handle.sync();
    });
    return baseline(result);
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function baseline(result: ClosedLoopResult): FileBaseline {
  if (result.errors > 0) {
    throw new Error(
      `the file baseline failed ${result.errors} times: ${result.errorSamples.join('; ')}`,
    );
  }
  return {
    opsPerSec: round(result.opsPerSec),
    ops: result.ops,
    latency: summariseLatencies(result.latenciesMs),
  };
}
