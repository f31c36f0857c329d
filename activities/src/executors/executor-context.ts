import type { ExecutorProgress } from '@kyros/contracts/schemas/executors';

/** What every executor gets from the activity that runs it. */
export interface ExecutorContext {
  /** Absolute; every path an executor reads or writes is confined inside it. */
  workspaceRoot: string;
  taskId: string;
  /** Absolute, inside the data dir: where report files (e.g. the lint report JSON) go. */
  artifactsDir: string;
  /** Called as often as it likes; the activity sends the latest to Temporal on its own beat. */
  heartbeat(progress: ExecutorProgress): void;
  /** Cancellation: executors stop between files and reject with `signal.reason`. */
  signal: AbortSignal;
  /** The tool's options (the `tools` table), unvalidated: `runExecutor` checks them. */
  toolConfig?: Record<string, unknown>;
}
