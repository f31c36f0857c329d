import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import {
  EmailMessageRequest,
  type EmailMessageResponse,
} from '@kyros/contracts/schemas/channels-email';
import { AppError } from '../../errors/app-error.ts';
import { isUniqueViolation } from '../../errors/unique-violation.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { emailCommandText, emailReplyFor } from '../domain/email-message.ts';
import { handleCommand, recordCommand } from './handle-command.ts';

export interface ReceiveEmailOptions {
  deps: ChannelsDeps;
  /** The email channel's per-user limit (`KYROS_CHANNEL_RATE_LIMIT_EMAIL`). */
  rateLimits: Pick<ChannelRateLimiter, 'consume'>;
  message: EmailMessageRequest;
  requestId?: string | undefined;
}

/**
 * One inbound email, exactly once: its Message-ID is claimed (a unique row) before anything
 * runs, so of two overlapping polls only one executes it and the other gets `duplicate`. The
 * sender must be on the allowlist; the command then runs as the user the sender maps to (the
 * mapping is the credential, never the body). A sender not on it is recorded as refused and gets
 * no reply (no backscatter to forged or unknown addresses). A sender over the channel's rate
 * limit is recorded as refused (with its audit row) and told when to resend; nothing runs.
 */
export async function receiveEmail(options: ReceiveEmailOptions): Promise<EmailMessageResponse> {
  const { deps } = options;
  if (!deps.email) {
    throw new AppError('conflict', 'The email channel is not configured (KYROS_EMAIL_*)');
  }
  const message = EmailMessageRequest.parse(options.message);
  const sender = message.from.toLowerCase();
  const claimed = await deps.prisma.emailMessage
    .create({ data: { messageId: message.message_id, sender }, select: { id: true } })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    });
  if (!claimed) return { disposition: 'duplicate', command_id: null, reply: null };

  const text = emailCommandText(message);
  const principal = await principalForSender(deps, sender);
  let commandId: string;
  let reply: EmailMessageResponse['reply'] = null;
  const verdict = principal
    ? await options.rateLimits.consume('email', principal)
    : ({ allowed: true } as const);
  if (principal && !verdict.allowed) {
    const refusal = rateLimitedReply(verdict.retryAfterSeconds);
    commandId = await recordCommand({
      deps,
      channel: 'email',
      actor: principal.actor,
      rawText: text,
      command: undefined,
      reply: refusal,
      latencyMs: 0,
    });
    reply = emailReplyFor(message, refusal);
  } else if (principal) {
    const handled = await handleCommand({
      deps,
      channel: 'email',
      principal,
      input: { text },
      requestId: options.requestId,
    });
    commandId = handled.commandId;
    reply = emailReplyFor(message, handled.reply);
  } else {
    deps.logger.warn({ sender }, 'email from a sender not on the allowlist: not executed');
    commandId = await recordCommand({
      deps,
      channel: 'email',
      actor: `email:${sender}`,
      rawText: text,
      command: undefined,
      reply: senderRefusedReply(sender),
      latencyMs: 0,
    });
  }
  await deps.prisma.emailMessage.update({ where: { id: claimed.id }, data: { commandId } });
  const executed = principal !== undefined && verdict.allowed;
  return { disposition: executed ? 'executed' : 'refused', command_id: commandId, reply };
}

/** The allowlisted sender's user, as that user's principal; undefined when not allowed. */
async function principalForSender(
  deps: ChannelsDeps,
  sender: string,
): Promise<Principal | undefined> {
  const email = deps.email?.allowlist.get(sender);
  if (email === undefined) return undefined;
  const user = await deps.prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt !== null) return undefined;
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    actor: `user:${user.email}`,
    actsAs: { kind: 'user', email: user.email },
    userId: user.id,
  };
}

function senderRefusedReply(sender: string): ChannelReply {
  return {
    outcome: 'refused',
    title: `${sender} is not on the email allowlist (or its user is missing or disabled)`,
    lines: [],
    fields: [],
    links: [],
    suggestions: [],
    code: 'sender_not_allowed',
  };
}

function rateLimitedReply(retryAfterSeconds: number): ChannelReply {
  return {
    outcome: 'refused',
    title: `Too many commands by email: nothing was run. Send it again in ${retryAfterSeconds} s.`,
    lines: [],
    fields: [],
    links: [],
    suggestions: [],
    code: 'rate_limited',
  };
}
