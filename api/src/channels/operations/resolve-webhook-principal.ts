import type { WebhookBinding } from '@kyros/contracts/schemas/webhooks';
import type { PrismaClient } from '@kyros/db/client';
import { keyBinding } from '../../auth/auth-representations.ts';
import type { Principal } from '../../auth/principal.ts';

export type WebhookPrincipal = { ok: true; principal: Principal } | { ok: false; reason: string };

/**
 * The principal an inbound webhook acts as, from the binding an admin chose (never from the
 * request body): the user with their current role, or the API key as if it had been presented (a
 * key bound to an agent acts as that agent). A disabled user, a revoked or expired key, or the
 * worker's service key cannot act.
 */
export async function resolveWebhookPrincipal(options: {
  prisma: PrismaClient;
  binding: WebhookBinding;
  now: Date;
}): Promise<WebhookPrincipal> {
  const { prisma, binding, now } = options;
  if ('user_id' in binding) {
    const user = await prisma.user.findUnique({ where: { id: binding.user_id } });
    if (!user) return { ok: false, reason: `user ${binding.user_id} does not exist` };
    if (user.disabledAt) return { ok: false, reason: `user ${user.email} is disabled` };
    return {
      ok: true,
      principal: {
        kind: 'user',
        id: user.id,
        role: user.role,
        actor: `user:${user.email}`,
        actsAs: { kind: 'user', email: user.email },
        userId: user.id,
      },
    };
  }
  const key = await prisma.apiKey.findUnique({ where: { id: binding.api_key_id } });
  if (!key) return { ok: false, reason: `API key ${binding.api_key_id} does not exist` };
  if (key.revokedAt) return { ok: false, reason: `API key ${key.name} is revoked` };
  if (key.expiresAt && key.expiresAt <= now) {
    return { ok: false, reason: `API key ${key.name} expired` };
  }
  if (key.service) return { ok: false, reason: 'the worker’s service key cannot back a webhook' };
  return {
    ok: true,
    principal: {
      kind: 'api_key',
      id: key.id,
      role: key.role,
      actor: `api_key:${key.name}`,
      actsAs: keyBinding(key),
      ...(key.createdById ? { userId: key.createdById } : {}),
    },
  };
}
