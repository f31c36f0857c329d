import type { TerminalGrant } from '@kyros/contracts/schemas/terminal';
import { redeemTicket } from '../../channels/operations/ws-tickets.ts';
import { AppError } from '../../errors/app-error.ts';
import type { TerminalDeps } from '../terminal-deps.ts';

/**
 * The terminal daemon trades a ticket for the person it lets in, once. Unknown, used, expired or a
 * channel ticket: 404 with one message, so a caller learns nothing about which it was.
 */
export async function redeemTerminalTicket(options: {
  deps: TerminalDeps;
  ticket: string;
}): Promise<TerminalGrant> {
  const { deps, ticket } = options;
  const redeemed = await redeemTicket({
    prisma: deps.prisma,
    ticket,
    purpose: 'terminal',
    ...(deps.now ? { now: deps.now } : {}),
  });
  if (!redeemed) {
    throw new AppError('not_found', 'No such ticket: it is unknown, used or expired');
  }
  const { principal, purpose } = redeemed;
  const role = principal.role;
  // Minting already required an operator; a ticket row that says otherwise is not honoured.
  if (principal.kind !== 'user' || !principal.userId || (role !== 'admin' && role !== 'operator')) {
    throw new AppError('forbidden', 'This ticket was not issued to a signed-in operator');
  }
  return {
    user_id: principal.userId,
    actor: principal.actor,
    role,
    task_id: purpose.kind === 'terminal' ? (purpose.taskId ?? null) : null,
  };
}
