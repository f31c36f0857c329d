import {
  TerminalGrant,
  TerminalTicketResponse,
  type CreateTerminalTicketRequest,
} from '../schemas/terminal.ts';
import type { RequestCore } from './request-core.ts';

/** Terminal tickets: minted for a person (the console), redeemed by the terminal daemon. */
export function createTerminalSection(core: RequestCore) {
  return {
    createTicket: (request: CreateTerminalTicketRequest = {}): Promise<TerminalTicketResponse> =>
      core.json('POST', '/terminal/tickets', TerminalTicketResponse, { body: request }),
    redeemTicket: (ticket: string): Promise<TerminalGrant> =>
      core.json('POST', '/terminal/tickets/redeem', TerminalGrant, { body: { ticket } }),
  };
}
