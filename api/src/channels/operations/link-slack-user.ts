import type { SlackUserLink } from '@kyros/contracts/schemas/channels-slack';
import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../../audit/audit-log.ts';
import { defaultActor } from '../../auth/acting-identity.ts';
import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';

export interface LinkSlackUserOptions {
  prisma: PrismaClient;
  audit: AuditLog;
  teamId: string;
  slackUserId: string;
  /** The Kyros user the Slack user will act as. */
  userEmail: string;
  principal: Principal;
  requestId?: string | undefined;
}

/** Links (or relinks) a Slack user to a Kyros user; the link and its audit row commit together. */
export async function linkSlackUser(options: LinkSlackUserOptions): Promise<SlackUserLink> {
  const { prisma, audit, teamId, slackUserId, principal } = options;
  const email = options.userEmail.toLowerCase();
  const { row, mirror } = await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new AppError('not_found', `No Kyros user has the email ${email}`);
    const key = { teamId, slackUserId };
    const data = { userId: user.id, createdBy: defaultActor(principal) };
    const row = await tx.slackUserLink.upsert({
      where: { teamId_slackUserId: key },
      create: { ...key, ...data },
      update: data,
    });
    const recorded = await audit.recordWithin(tx, {
      principal,
      action: 'slack_user.linked',
      targetType: 'slack_user',
      targetId: `${teamId}/${slackUserId}`,
      payload: { user_id: user.id, user_email: email },
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    });
    return { row, mirror: recorded.mirror };
  });
  await mirror();
  return toSlackUserLink({ ...row, user: { email } });
}

export function toSlackUserLink(row: {
  teamId: string;
  slackUserId: string;
  userId: string;
  createdBy: string;
  createdAt: Date;
  user: { email: string };
}): SlackUserLink {
  return {
    team_id: row.teamId,
    slack_user_id: row.slackUserId,
    user_id: row.userId,
    user_email: row.user.email,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
  };
}
