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

export type Backend = 'files' | 'postgres';

export interface EventsRow {
  writers: number;
  lineBytes: number;
  raw: FileBaseline;
  http: AppendRow & Pick<HttpAppendResult, 'cpu'>;
  inProcess: AppendRow & Pick<InProcessAppendResult, 'appendsPerFsync'>;
}

export interface SseRow extends SseLatencyResult {
  subscribers: number;
  eventsPerSec: number;
  durationSeconds: number;
  /** API processes the subscribers and the sends were spread over. */
  replicas: number;
  met: boolean;
}

/** One backend's scenarios (KYROS_COLLAB_STORE). */
export interface BackendResults {
  backend: Backend;
  patch: PatchRow[];
  /** The event log file's group commit, HTTP and in-process: the files backend only. */
  events?: EventsRow;
  sse?: SseRow;
}

/**
 * One run of `npm run bench:collab`, as written to `bench/results/collab-*.json`. A saved run has
 * every scenario on both backends; a partial one (`--only`, `--backend`) is only printed.
 */
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
  /** The server the postgres backend ran on, and whether its commits wait for the disk. */
  postgres?: PostgresServer;
  method: {
    server: string;
    loadGenerator: string;
    apiLogLevel: string;
    phaseSeconds: number;
    baselineSeconds: number;
    warmupSeconds: number;
  };
  targets: typeof TARGETS;
  backends: BackendResults[];
}

export interface PostgresServer {
  /** `embedded`: the throwaway server the bench starts; `postgresql`: TEST_DATABASE_URL's. */
  kind: 'embedded' | 'postgresql';
  version: string;
  fsync: string;
  synchronousCommit: string;
}
