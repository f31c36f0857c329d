import type { PrismaClient } from '@kyros/db/client';
import { jsonColumn } from '@kyros/contracts/schemas/jobs';
import type { UpdateToolRequest } from '@kyros/contracts/schemas/tools';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { isAllowlisted } from '../domain/runnable-tool.ts';
import { toolEtag, toolPrecondition } from '../domain/tool-etag.ts';
import { planToolUpdate } from '../domain/tool-update.ts';
import { toolBody, type StoredTool } from '../tool-representation.ts';
import { toolNotFound } from './read-tool.ts';

export interface UpdateToolOptions {
  prisma: PrismaClient;
  audit: AuditLog;
  name: string;
  request: UpdateToolRequest;
  ifMatch: string | undefined;
  principal: Principal;
  requestId?: string;
}

/**
 * Enables, disables or configures one tool under its version (If-Match): the row changes only if
 * its version is still the one checked, so of concurrent writers holding one ETag exactly one
 * wins and the rest get 412 with the current tool. The change and its audit rows commit together.
 */
export async function updateTool(options: UpdateToolOptions): Promise<StoredTool> {
  const { prisma, audit, name, request, ifMatch, principal } = options;
  if (!isAllowlisted(name)) throw toolNotFound(name);
  const { tool, mirrors } = await prisma.$transaction(async (tx) => {
    const current = await tx.tool.findUnique({ where: { name } });
    if (!current) throw toolNotFound(name);
    const precondition = toolPrecondition(ifMatch, current.version);
    if (precondition === 'missing') {
      throw new AppError(
        'precondition_required',
        `Changing tool ${name} needs If-Match: ${toolEtag(current.version)}`,
      );
    }
    if (precondition === 'stale') throw stale({ ...current, name });
    const plan = planToolUpdate(name, current, request);
    if (!plan.ok) {
      const detail = plan.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      throw new AppError('invalid', `Invalid options for ${name}: ${detail}`, {
        errors: plan.errors,
      });
    }
    if (plan.audit.length === 0) return { tool: { ...current, name }, mirrors: [] };
    const { count } = await tx.tool.updateMany({
      where: { name, version: current.version },
      data: {
        ...(plan.changes.enabled === undefined ? {} : { enabled: plan.changes.enabled }),
        ...(plan.changes.config === undefined ? {} : { config: jsonColumn(plan.changes.config) }),
        version: { increment: 1 },
      },
    });
    const updated = await tx.tool.findUniqueOrThrow({ where: { name } });
    // Another writer committed between our read and our update: its change stands.
    if (count === 0) throw stale({ ...updated, name });
    const recorded = [];
    for (const entry of plan.audit) {
      recorded.push(
        await audit.recordWithin(tx, {
          principal,
          action: entry.action,
          targetType: 'tool',
          targetId: name,
          payload: { ...entry.payload, version: updated.version },
          ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
        }),
      );
    }
    return { tool: { ...updated, name }, mirrors: recorded };
  });
  for (const recorded of mirrors) await recorded.mirror();
  return tool;
}

function stale(current: StoredTool): AppError {
  return new AppError(
    'precondition_failed',
    `Tool ${current.name} changed; its ETag is now ${toolEtag(current.version)}`,
    { body: { etag: toolEtag(current.version), tool: toolBody(current) } },
  );
}
