import type { Client } from '@temporalio/client';
import { AppError } from '../../errors/app-error.ts';
import type { RunnableTool } from '../../tools/domain/runnable-tool.ts';

export interface TaskRunDeps {
  /** The API's Temporal client, connected on first use (TemporalGateway.client). */
  temporalClient(): Promise<Client>;
  namespace: string;
  taskQueue: string;
  /** Base URL of the Temporal UI, for the deep link in every answer. */
  uiUrl: string;
  /** Whether the executor may run now and the options its run takes (the `tools` table). */
  resolveTool(name: string): Promise<RunnableTool>;
}

/** The Temporal UI page of a workflow. */
export function temporalUiLink(deps: TaskRunDeps, workflowId: string): string {
  return `${deps.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function temporalOrUnavailable(deps: TaskRunDeps): Promise<Client> {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}

export function noRun(id: string, status?: string, what = 'has no running workflow'): AppError {
  const state = status ? ` (its last run is ${status.toLowerCase()})` : '';
  return new AppError('not_found', `Task ${id} ${what}${state}`);
}
