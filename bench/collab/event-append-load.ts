import { rm, stat } from 'node:fs/promises';
import { pino } from 'pino';
import { EventLog } from '@kyros/api/event-log';
import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import { BENCH_ACTOR } from './bench-auth.ts';
import { runClosedLoop, type ClosedLoopResult } from './closed-loop.ts';
import { startCpuMeter, type CpuShare } from './cpu-meter.ts';
import { round, summariseLatencies, type LatencySummary } from './latency-stats.ts';
import { LoadClient } from './load-client.ts';

export interface AppendLoadResult {
  ops: number;
  opsPerSec: number;
  errors: number;
  errorSamples: string[];
  latency: LatencySummary;
}

export interface InProcessAppendResult extends AppendLoadResult {
  /** How many appends shared each fsync: the group commit at work. */
  appendsPerFsync: number;
  /** Average bytes per line in the log, for a like-for-like raw baseline. */
  lineBytes: number;
}

/** The event every writer appends; the same shape over HTTP and in-process. */
export function benchEvent(writer: number, seq: number): NewEvent {
  return {
    event: 'bench_append',
    actor: BENCH_ACTOR,
    target: 'bench',
    details: { writer, seq },
  };
}

export interface HttpAppendResult extends AppendLoadResult {
  /** How busy each side was while measuring: shows which one limited the rate. */
  cpu: CpuShare;
}

/** `writers` clients POSTing `/collab/events` back to back to the API process `apiPid`. */
export async function runHttpAppendLoad(
  url: string,
  apiPid: number,
  writers: number,
  warmupMs: number,
  durationMs: number,
): Promise<HttpAppendResult> {
  const client = new LoadClient(url);
  let seq = 0;
  const appendOnce = async (writer: number) => {
    seq += 1;
    await client.send('POST', '/collab/events', { body: benchEvent(writer, seq) });
  };
  try {
    await runClosedLoop(writers, warmupMs, appendOnce);
    const stopMeter = startCpuMeter([apiPid]);
    const result = await runClosedLoop(writers, durationMs, appendOnce);
    return { ...appendResult(result), cpu: stopMeter() };
  } finally {
    client.close();
  }
}

/**
 * The same load straight into {@link EventLog.append} in this process, in a directory of its
 * own: what group commit gives without HTTP, JSON parsing and logging in the way.
 */
export async function runInProcessAppendLoad(
  collabDir: string,
  writers: number,
  durationMs: number,
): Promise<InProcessAppendResult> {
  const log = await EventLog.open({ collabDir, logger: pino({ level: 'silent' }) });
  try {
    let seq = 0;
    const result = await runClosedLoop(writers, durationMs, async (writer) => {
      seq += 1;
      await log.append(benchEvent(writer, seq));
    });
    const { size } = await stat(log.file);
    return {
      ...appendResult(result),
      appendsPerFsync: round(log.stats.appends / Math.max(1, log.stats.fsyncs)),
      lineBytes: Math.round(size / Math.max(1, log.stats.appends)),
    };
  } finally {
    await log.close();
    await rm(collabDir, { recursive: true, force: true });
  }
}

function appendResult(result: ClosedLoopResult): AppendLoadResult {
  return {
    ops: result.ops,
    opsPerSec: result.opsPerSec,
    errors: result.errors,
    errorSamples: result.errorSamples,
    latency: summariseLatencies(result.latenciesMs),
  };
}
