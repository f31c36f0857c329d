import {
  CreateTerminalTicketRequest,
  RedeemTerminalTicketRequest,
  TerminalGrant,
  TerminalTicketResponse,
} from '@kyros/contracts/schemas/terminal';
import { principalOf } from '../../auth/principal.ts';
import { defineRoute, jsonContent, type Route } from '../../http/route.ts';
import { issueTerminalTicket } from '../operations/issue-terminal-ticket.ts';
import { redeemTerminalTicket } from '../operations/redeem-terminal-ticket.ts';
import type { TerminalDeps } from '../terminal-deps.ts';

const TAGS = ['Terminal'];

/** `/terminal/tickets`: minted for a person, redeemed by the terminal daemon (docs/TERMINAL.md). */
export function terminalRoutes(deps: TerminalDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/terminal/tickets',
      role: 'operator',
      tags: TAGS,
      summary: 'A one-time ticket that opens a shell on the terminal daemon',
      description:
        'Operator and up, signed in as a person (API keys get 403). The ticket lives KYROS_TERMINAL_TICKET_TTL_SECONDS (30 s), works once and is bound to the caller and, with `task_id`, to that task (which must exist). Connect to `<url>?ticket=<ticket>`.',
      body: { schema: CreateTerminalTicketRequest, required: false },
      responses: {
        201: { description: 'The ticket', ...jsonContent(TerminalTicketResponse) },
      },
      async handle({ body }, { req, res }) {
        const { ticket, expiresAt } = await issueTerminalTicket({
          deps,
          principal: principalOf(req),
          taskId: body.task_id,
        });
        res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json(
            TerminalTicketResponse.parse({
              ticket,
              expires_at: expiresAt.toISOString(),
              url: deps.daemonUrl,
            }),
          );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/terminal/tickets/redeem',
      // The daemon's own key (an agent key minted by the supervisor) redeems; see docs/TERMINAL.md.
      role: 'agent',
      tags: TAGS,
      summary: 'Redeem a terminal ticket (the terminal daemon)',
      description:
        'Answers whom the ticket lets in and the task it is bound to, and marks it used: a second redemption, an expired ticket or a channel ticket is a 404.',
      body: { schema: RedeemTerminalTicketRequest },
      responses: { 200: { description: 'The grant', ...jsonContent(TerminalGrant) } },
      async handle({ body }, { res }) {
        const grant = await redeemTerminalTicket({ deps, ticket: body.ticket });
        res.set('Cache-Control', 'no-store').json(TerminalGrant.parse(grant));
      },
    }),
  ];
}
