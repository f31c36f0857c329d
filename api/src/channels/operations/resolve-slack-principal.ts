import type { PrismaClient } from '@kyros/db/client';
import type { Principal } from '../../auth/principal.ts';

/**
 * The principal a Slack user acts as: the linked Kyros user, with that user's role and
 * `user:<email>` identity, exactly as their own access token would give them. Undefined when the
 * Slack user is not linked or the Kyros user is disabled.
 */
export async function resolveSlackPrincipal(
  prisma: PrismaClient,
  teamId: string,
  slackUserId: string,
): Promise<Principal | undefined> {
  const link = await prisma.slackUserLink.findUnique({
    where: { teamId_slackUserId: { teamId, slackUserId } },
    include: { user: { select: { id: true, email: true, role: true, disabledAt: true } } },
  });
  if (!link || link.user.disabledAt !== null) return undefined;
  const { id, email, role } = link.user;
  return {
    kind: 'user',
    id,
    role,
    actor: `user:${email}`,
    actsAs: { kind: 'user', email },
    userId: id,
  };
}
