import type { SlackUserLink } from '@kyros/contracts/schemas/channels-slack';
import type { PrismaClient } from '@kyros/db/client';
import { toSlackUserLink } from './link-slack-user.ts';

/** Every Slack user link, oldest first. */
export async function listSlackUserLinks(prisma: PrismaClient): Promise<SlackUserLink[]> {
  const rows = await prisma.slackUserLink.findMany({
    include: { user: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toSlackUserLink);
}
