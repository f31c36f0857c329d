import type { Client } from '@temporalio/client';
import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';

/** What the jobs module needs; the caller (startApi, tests) owns their lifecycle. */
export interface JobsDeps {
  prisma: PrismaClient;
  audit: AuditLog;
  /** The API's Temporal client, connected on first use (TemporalGateway.client). */
  temporalClient(): Promise<Client>;
  taskQueue: string;
  /** Where the worker writes exports; the API reads them from here only. */
  artifactsDir: string;
  /** How long a job waits for an accept before it expires (default 7 days). */
  reviewTimeoutSeconds?: number;
  /** How long `POST /export` waits for an accepted variant's export to finish (default 30 s). */
  exportWaitMs?: number;
  now?: () => Date;
}

export async function temporalOrUnavailable(deps: JobsDeps): Promise<Client> {
  try {
    return await deps.temporalClient();
  } catch (error) {
    throw new AppError('unavailable', `Temporal is unreachable: ${String(error)}`);
  }
}
