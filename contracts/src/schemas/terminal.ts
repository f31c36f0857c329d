import { z } from 'zod';
import { TaskId } from './collab-tasks.ts';

/**
 * The terminal (docs/TERMINAL.md): the API mints one-time tickets; the terminal daemon redeems
 * them and runs a shell for the person who asked.
 */

export const CreateTerminalTicketRequest = z
  .strictObject({
    task_id: TaskId.optional().describe('The task the session is opened for, if any.'),
  })
  .meta({ id: 'CreateTerminalTicketRequest' });
export type CreateTerminalTicketRequest = z.infer<typeof CreateTerminalTicketRequest>;

export const TerminalTicketResponse = z
  .strictObject({
    ticket: z.string(),
    expires_at: z.iso.datetime(),
    /** The daemon's WebSocket URL: connect to `<url>?ticket=<ticket>`. */
    url: z.string(),
  })
  .meta({ id: 'TerminalTicketResponse' });
export type TerminalTicketResponse = z.infer<typeof TerminalTicketResponse>;

export const RedeemTerminalTicketRequest = z
  .strictObject({ ticket: z.string().min(1).max(100) })
  .meta({ id: 'RedeemTerminalTicketRequest' });
export type RedeemTerminalTicketRequest = z.infer<typeof RedeemTerminalTicketRequest>;

/** Whom a redeemed ticket lets in: the person who minted it, and the task it was bound to. */
export const TerminalGrant = z
  .strictObject({
    user_id: z.string(),
    actor: z.string().describe('`user:<email>`'),
    role: z.enum(['admin', 'operator']),
    task_id: TaskId.nullable(),
  })
  .meta({ id: 'TerminalGrant' });
export type TerminalGrant = z.infer<typeof TerminalGrant>;

// --- The daemon's WebSocket protocol ------------------------------------------------------------
// Binary frames carry terminal input (client → daemon) and output (daemon → client); text frames
// carry these JSON control messages.

export const TerminalClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('resize'),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(1).max(500),
  }),
]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;

export const TerminalServerMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    session_id: z.string(),
    /** Present with the ticket and this token within the grace period to resume the session. */
    resume_token: z.string(),
    /** True when this connection resumed a session; its scrollback follows. */
    resumed: z.boolean(),
  }),
  z.strictObject({ type: z.literal('exit'), exit_code: z.number().int() }),
]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessage>;

/** Close codes the daemon uses besides 1000 (normal) and 1001 (shutting down). */
export const TERMINAL_CLOSE_CODES = {
  idleTimeout: 4000,
  badMessage: 4002,
} as const;
