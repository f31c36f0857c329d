import { namesOneFile } from '@kyros/contracts/lease-resource';
import {
  ExecutorArgsSchemas,
  type ExecutorName,
  type ExecutorSpec,
} from '@kyros/contracts/schemas/executors';

/** Executors whose work is one pass over the files their glob matches, nothing else. */
const PER_FILE_EXECUTORS: ReadonlySet<ExecutorName> = new Set(['docs/format', 'lint']);

/**
 * Whether a run of `spec` is short and bounded enough to run its executor inside the worker that
 * runs the workflow (a local activity, docs/adr/0006) rather than as a heartbeating activity:
 * a per-file executor whose glob names one file. Such a run usually ends within a heartbeat
 * interval, so it would send no heartbeat anyway; anything that may walk a tree, read git history
 * or call a model keeps its heartbeats (live progress, a dead worker noticed within 10 s).
 */
export function executorRunsInWorker(spec: ExecutorSpec): boolean {
  if (!PER_FILE_EXECUTORS.has(spec.name)) return false;
  const args: Record<string, unknown> = ExecutorArgsSchemas[spec.name].parse(spec.args);
  return typeof args.glob === 'string' && namesOneFile(args.glob);
}
