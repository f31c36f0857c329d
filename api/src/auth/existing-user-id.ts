import type { PrismaClient } from '@kyros/db/client';

/**
 * The id of a user that still exists, for a nullable `created_by`/`actor_user_id` column; null
 * for no id, a principal that is not a user (an API key), or a user since deleted.
 */
export async function existingUserId(
  prisma: Pick<PrismaClient, 'user'>,
  id: string | undefined,
): Promise<string | null> {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true } });
  return user?.id ?? null;
}
