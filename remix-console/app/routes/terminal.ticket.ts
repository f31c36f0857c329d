import type { ActionFunctionArgs } from '@remix-run/node';
import { terminalTicketResponse } from '../lib/terminal.server.ts';

/** POST /terminal/ticket: a one-time terminal ticket for the terminal panel (docs/TERMINAL.md). */
export function action({ request, context }: ActionFunctionArgs) {
  return terminalTicketResponse(request, context);
}
