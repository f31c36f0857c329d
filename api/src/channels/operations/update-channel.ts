import type { ChannelName } from '@kyros/contracts/schemas/channels';
import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../../audit/audit-log.ts';
import { defaultActor } from '../../auth/acting-identity.ts';
import type { Principal } from '../../auth/principal.ts';

export interface UpdateChannelOptions {
  prisma: PrismaClient;
  audit: AuditLog;
  name: ChannelName;
  enabled: boolean;
  principal: Principal;
  requestId?: string | undefined;
}

/** Enables or disables a channel; the row and its audit row commit together. */
export async function updateChannel(options: UpdateChannelOptions): Promise<void> {
  const { prisma, audit, name, enabled, principal } = options;
  const { mirror } = await prisma.$transaction(async (tx) => {
    await tx.channel.upsert({
      where: { name },
      create: { name, enabled, updatedBy: defaultActor(principal) },
      update: { enabled, updatedBy: defaultActor(principal) },
    });
    return audit.recordWithin(tx, {
      principal,
      action: enabled ? 'channel.enabled' : 'channel.disabled',
      targetType: 'channel',
      targetId: name,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    });
  });
  await mirror();
}

/** A channel without a row is enabled: nothing to set up for the API and WebSocket channels. */
export async function isChannelEnabled(prisma: PrismaClient, name: ChannelName): Promise<boolean> {
  const row = await prisma.channel.findUnique({ where: { name }, select: { enabled: true } });
  return row?.enabled ?? true;
}
