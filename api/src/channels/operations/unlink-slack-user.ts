import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';

export interface UnlinkSlackUserOptions {
  prisma: PrismaClient;
  audit: AuditLog;
  teamId: string;
  slackUserId: string;
  principal: Principal;
  requestId?: string | undefined;
}

/** Removes a Slack user's link (404 when there is none); with its audit row, in one transaction. */
export async function unlinkSlackUser(options: UnlinkSlackUserOptions): Promise<void> {
  const { prisma, audit, teamId, slackUserId, principal } = options;
  const { mirror } = await prisma.$transaction(async (tx) => {
    const removed = await tx.slackUserLink.deleteMany({ where: { teamId, slackUserId } });
    if (removed.count === 0) {
      throw new AppError('not_found', `Slack user ${teamId}/${slackUserId} is not linked`);
    }
    return audit.recordWithin(tx, {
      principal,
      action: 'slack_user.unlinked',
      targetType: 'slack_user',
      targetId: `${teamId}/${slackUserId}`,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    });
  });
  await mirror();
}
