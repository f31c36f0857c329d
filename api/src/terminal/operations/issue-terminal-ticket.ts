import type { Principal } from '../../auth/principal.ts';
import { issueWsTicket } from '../../channels/operations/ws-tickets.ts';
import { readTask } from '../../collab/operations/read-task.ts';
import { AppError } from '../../errors/app-error.ts';
import type { TerminalDeps } from '../terminal-deps.ts';

export interface IssueTerminalTicketOptions {
  deps: TerminalDeps;
  principal: Principal;
  /** The task the session is opened for; it must exist. */
  taskId: string | undefined;
}

/**
 * A one-time ticket for the terminal daemon, bound to the person asking (and to a task when one is
 * named). A shell is a person's tool: an API key, whatever its role, gets none.
 */
export async function issueTerminalTicket(
  options: IssueTerminalTicketOptions,
): Promise<{ ticket: string; expiresAt: Date }> {
  const { deps, principal, taskId } = options;
  if (principal.kind !== 'user') {
    throw new AppError(
      'forbidden',
      `Terminal sessions are for people signed in; ${principal.actor} is an API key`,
    );
  }
  if (taskId !== undefined) readTask(deps.store, taskId);
  return issueWsTicket({
    prisma: deps.prisma,
    principal,
    ttlSeconds: deps.ticketTtlSeconds,
    purpose: taskId === undefined ? { kind: 'terminal' } : { kind: 'terminal', taskId },
    ...(deps.now ? { now: deps.now } : {}),
  });
}
