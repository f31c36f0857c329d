import type {
  AppendLoadResult,
  HttpAppendResult,
  InProcessAppendResult,
} from './event-append-load.ts';
import type { FileBaseline } from './file-baselines.ts';
import type { PatchLoadResult } from './patch-load.ts';
import type { SseLatencyResult } from './sse-latency.ts';

/** The targets of issue 3's benchmark section, and issue 16's for PATCH. */
export const TARGETS = {
  patchToRawRatio: 0.5,
  /** PATCH p50 on a big board ÷ PATCH p50 on the smallest one (10,000 and 100,000 tasks). */
  patchP50GrowthRatio: 1.5,
  appendToRawRatio: 1,
  sseP99Ms: 50,
} as const;

export interface PatchRow {
  tasks: number;
  /** All the board's item files together. */
  fileBytes: number;
  taskFileBytes: number;
  clients: number;
  api: PatchLoadResult;
  /** The store's atomic replace of one task's file, alone, one after another. */
  raw: FileBaseline;
  ratio: number;
  met: boolean;
}

export interface AppendRow extends AppendLoadResult {
  ratio: number;
  met: boolean;
}

/** One run of `npm run bench:collab`, as written to `bench/results/collab-*.json`. */
export interface CollabBenchResults {
  benchmark: 'collab';
  date: string;
  wallSeconds: number;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    tempDir: string;
    /**
     * 1-minute load average just before the run (the benchmark itself then adds about 2): other
     * work on the machine skews every number.
     */
    loadAverageAtStart: number;
  };
  method: {
    server: string;
    loadGenerator: string;
    apiLogLevel: string;
    phaseSeconds: number;
    baselineSeconds: number;
    warmupSeconds: number;
  };
  targets: typeof TARGETS;
  patch: PatchRow[];
  events: {
    writers: number;
    lineBytes: number;
    raw: FileBaseline;
    http: AppendRow & Pick<HttpAppendResult, 'cpu'>;
    inProcess: AppendRow & Pick<InProcessAppendResult, 'appendsPerFsync'>;
  };
  sse: SseLatencyResult & {
    subscribers: number;
    eventsPerSec: number;
    durationSeconds: number;
    met: boolean;
  };
}

/** A run as printed: a partial run (`--only`) lacks the scenarios it skipped and is never saved. */
export type CollabBenchRun = Omit<CollabBenchResults, 'events' | 'sse'> &
  Partial<Pick<CollabBenchResults, 'events' | 'sse'>>;
