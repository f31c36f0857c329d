import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '@kyros/db/client';
import { ROLES, type Principal } from '../../auth/principal.ts';

/**
 * WebSocket tickets (`POST /channels/ws/ticket`, `POST /terminal/tickets`): a browser cannot put a
 * credential in the upgrade's headers, so it trades its session for a ticket it puts in the URL. A
 * ticket lives seconds and works once; only its hash is stored, in Postgres so every replica can
 * redeem it. The principal is the one the credential had when the ticket was issued; its purpose
 * says where it works, so a channel ticket never opens a terminal and the reverse.
 */

const TICKET_PREFIX = 'kwt_';

const StoredPrincipal = z.object({
  kind: z.enum(['user', 'api_key']),
  id: z.string(),
  role: z.enum(ROLES),
  actor: z.string(),
  actsAs: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), email: z.string() }),
    z.object({ kind: z.literal('agent'), agentId: z.string() }),
    z.object({ kind: z.literal('workflows') }),
    z.object({ kind: z.literal('unbound_key'), name: z.string() }),
  ]),
  userId: z.string().optional(),
  // Tickets issued before purposes existed were channel tickets.
  purpose: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('channels_ws') }),
      z.object({ kind: z.literal('terminal'), taskId: z.string().optional() }),
    ])
    .default({ kind: 'channels_ws' }),
});

/** Where a ticket works: the channel WebSocket, or the terminal daemon (optionally for a task). */
export type TicketPurpose = { kind: 'channels_ws' } | { kind: 'terminal'; taskId?: string };

export interface IssueTicketOptions {
  prisma: PrismaClient;
  principal: Principal;
  ttlSeconds: number;
  /** Default: the channel WebSocket. */
  purpose?: TicketPurpose;
  now?: () => Date;
}

export async function issueWsTicket(
  options: IssueTicketOptions,
): Promise<{ ticket: string; expiresAt: Date }> {
  const { prisma, principal } = options;
  const now = options.now?.() ?? new Date();
  const ticket = `${TICKET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
  await prisma.channelTicket.create({
    data: {
      ticketHash: hashOf(ticket),
      principal: { ...principal, purpose: options.purpose ?? { kind: 'channels_ws' } },
      expiresAt,
    },
  });
  // Old tickets are worthless; clear them out as new ones are made.
  await prisma.channelTicket.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } },
  });
  return { ticket, expiresAt };
}

/** A channel WebSocket ticket's principal, once (see {@link redeemTicket}). */
export async function redeemWsTicket(options: {
  prisma: PrismaClient;
  ticket: string;
  now?: () => Date;
}): Promise<Principal | undefined> {
  return (await redeemTicket({ ...options, purpose: 'channels_ws' }))?.principal;
}

/**
 * The ticket's principal and purpose, once: the first redeemer stamps it used in one conditional
 * update, so of two connections racing with one ticket exactly one gets in. Unknown, used, expired
 * or issued for another purpose: undefined, and nothing is written.
 */
export async function redeemTicket(options: {
  prisma: PrismaClient;
  ticket: string;
  purpose: TicketPurpose['kind'];
  now?: () => Date;
}): Promise<{ principal: Principal; purpose: TicketPurpose } | undefined> {
  const { prisma, ticket } = options;
  if (!ticket.startsWith(TICKET_PREFIX) || ticket.length > 100) return undefined;
  const now = options.now?.() ?? new Date();
  const ticketHash = hashOf(ticket);
  const row = await prisma.channelTicket.findUnique({ where: { ticketHash } });
  const parsed = StoredPrincipal.safeParse(row?.principal);
  if (!parsed.success || parsed.data.purpose.kind !== options.purpose) return undefined;
  const claimed = await prisma.channelTicket.updateMany({
    where: { ticketHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return undefined;
  const { userId, purpose, ...rest } = parsed.data;
  return { principal: userId === undefined ? rest : { ...rest, userId }, purpose };
}

function hashOf(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}
