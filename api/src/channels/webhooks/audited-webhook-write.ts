import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface WebhookAuditContext {
  prisma: PrismaClient;
  audit: AuditLog;
  principal: Principal;
  requestId?: string | undefined;
}

/**
 * One webhook mutation and its audit row in one transaction (`webhook.<verb>` or
 * `webhook_subscription.<verb>`), mirrored onto the event stream after the commit. Secrets never
 * reach the audit payload.
 */
export async function auditedWebhookWrite<T>(
  context: WebhookAuditContext,
  entry: {
    action: string;
    targetType: string;
    targetId?: string;
    payload?: Record<string, unknown>;
  },
  write: (tx: Tx) => Promise<T & { id: string }>,
): Promise<T & { id: string }> {
  const { prisma, audit, principal, requestId } = context;
  const { result, mirror } = await prisma.$transaction(async (tx) => {
    const written = await write(tx);
    const recorded = await audit.recordWithin(tx, {
      principal,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? written.id,
      ...(entry.payload ? { payload: entry.payload } : {}),
      ...(requestId === undefined ? {} : { requestId }),
    });
    return { result: written, mirror: recorded.mirror };
  });
  await mirror();
  return result;
}

/** Webhooks need the secrets key to seal and open secrets; without it the channel is off. */
export function requireSecretsKey(key: string | undefined): string {
  if (!key) {
    throw new AppError(
      'unavailable',
      'Webhooks are off: set KYROS_WEBHOOK_SECRETS_KEY (the same on the API and the worker)',
    );
  }
  return key;
}

/** Prisma's "record to update/delete not found" as a 404. */
export function notFoundAs(message: string): (error: unknown) => never {
  return (error: unknown) => {
    if ((error as { code?: string }).code === 'P2025') throw new AppError('not_found', message);
    throw error;
  };
}
