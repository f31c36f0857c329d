import { Context } from '@temporalio/activity';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type { EmailChannelSection } from '@kyros/contracts/client/email-channel-section';
import type { EmailChannelConfig } from '@kyros/contracts/config';
import { ApiError } from '@kyros/contracts/client/api-error';
import { EmailMessageRequest, type EmailReply } from '@kyros/contracts/schemas/channels-email';

export interface EmailActivityDeps {
  config: EmailChannelConfig;
  /** The API's email hand-over, with the worker's service key. */
  api: EmailChannelSection;
}

export interface EmailPollSummary {
  /** Unseen messages looked at. */
  fetched: number;
  executed: number;
  refused: number;
  duplicate: number;
  /** Replies SMTP accepted. */
  replied: number;
  /** Replies SMTP refused (the command ran; its reply status says `failed`). */
  replyFailed: number;
}

/** At most this many messages per poll; the next poll takes the rest. */
const BATCH = 50;
const BODY_MAX = 100_000;

/**
 * One poll of the email channel's mailbox (docs/CHANNELS.md#email): every unseen message is
 * handed to the API, which claims its Message-ID and runs its command once; the reply goes out
 * over SMTP threaded to the message; then the message is flagged \Seen (and moved, if set). A
 * message another poll handled comes back `duplicate` and is only flagged. Without the channel
 * configured it does nothing.
 */
export async function pollEmailInbox(
  deps: EmailActivityDeps | undefined,
): Promise<EmailPollSummary> {
  const summary: EmailPollSummary = {
    fetched: 0,
    executed: 0,
    refused: 0,
    duplicate: 0,
    replied: 0,
    replyFailed: 0,
  };
  if (!deps) return summary;
  const { imap: settings } = deps.config;
  const imap = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
  });
  await imap.connect();
  const smtp = smtpTransport(deps.config);
  try {
    if (settings.processedMailbox) await ensureMailbox(imap, settings.processedMailbox);
    const lock = await imap.getMailboxLock(settings.mailbox);
    try {
      const unseen = (await imap.search({ seen: false }, { uid: true })) || [];
      for (const uid of unseen.slice(0, BATCH)) {
        heartbeat(uid);
        await handleMessage({ deps, imap, smtp, uid, summary });
        await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        if (settings.processedMailbox) {
          await imap.messageMove(String(uid), settings.processedMailbox, { uid: true });
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    smtp.close();
    await imap.logout().catch(() => imap.close());
  }
  return summary;
}

interface MessageContext {
  deps: EmailActivityDeps;
  imap: ImapFlow;
  smtp: ReturnType<typeof smtpTransport>;
  uid: number;
  summary: EmailPollSummary;
}

/**
 * Hands one message over and sends its reply. A message the API can never take (no sender, a
 * header it refuses: any 4xx) is logged and flagged so it cannot block the mailbox; a network
 * error or 5xx fails the activity, leaving the message unseen for the retry (the claim makes
 * that safe).
 */
async function handleMessage({ deps, imap, smtp, uid, summary }: MessageContext): Promise<void> {
  const fetched = await imap.fetchOne(String(uid), { source: true }, { uid: true });
  if (!fetched || !fetched.source) return;
  summary.fetched += 1;
  const parsed = await simpleParser(fetched.source);
  const message = handOver(parsed, `${imap.mailbox ? imap.mailbox.uidValidity : 0}.${uid}`);
  if (!message) {
    log().warn('email without a usable sender or headers: flagged, not handed over', { uid });
    return;
  }
  const answer = await deps.api.receive(message).catch((error: unknown) => {
    if (error instanceof ApiError && error.status < 500) {
      log().warn('email refused by the API: flagged, not retried', { uid, error: error.message });
      return undefined;
    }
    throw error;
  });
  if (!answer) return;
  summary[answer.disposition] += 1;
  if (answer.reply && answer.command_id) {
    const sent = await sendReply(smtp, deps.config, answer.reply);
    summary[sent ? 'replied' : 'replyFailed'] += 1;
    await deps.api.replyStatus(answer.command_id, sent ? 'sent' : 'failed');
  }
}

/**
 * The API's view of a message. One without a From address cannot be on the allowlist and is
 * only flagged; one without a Message-ID is keyed by its mailbox's UIDVALIDITY and UID.
 */
function handOver(parsed: ParsedMail, uidKey: string): EmailMessageRequest | undefined {
  const from = parsed.from?.value[0]?.address;
  if (!from) return undefined;
  const references = parsed.references;
  const messageId =
    parsed.messageId && parsed.messageId.length <= 998 ? parsed.messageId : undefined;
  const request = EmailMessageRequest.safeParse({
    message_id: messageId ?? `<no-message-id.${uidKey}@kyros.invalid>`,
    from,
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, 998),
    text: (parsed.text ?? '').slice(0, BODY_MAX),
    references: (Array.isArray(references) ? references : references ? [references] : [])
      .filter((id) => id.length <= 998)
      .slice(-100),
  });
  return request.success ? request.data : undefined;
}

function smtpTransport(config: EmailChannelConfig) {
  const { smtp } = config;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.password } } : {}),
  });
}

/** True once the SMTP server accepted it; a refusal is logged and reported, not retried. */
async function sendReply(
  smtp: ReturnType<typeof smtpTransport>,
  config: EmailChannelConfig,
  reply: EmailReply,
): Promise<boolean> {
  try {
    await smtp.sendMail({
      from: config.smtp.from,
      to: reply.to,
      subject: reply.subject,
      text: reply.text,
      inReplyTo: reply.in_reply_to,
      references: reply.references,
      // RFC 3834: an automatic reply; well-behaved auto-responders do not answer it.
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    return true;
  } catch (error) {
    log().warn('email reply not sent', {
      to: reply.to,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/** The folder processed mail moves to, created on first use (an existing one is left as it is). */
async function ensureMailbox(imap: ImapFlow, path: string): Promise<void> {
  const existing = await imap.list();
  if (!existing.some((mailbox) => mailbox.path === path)) await imap.mailboxCreate(path);
}

function log() {
  return Context.current().log;
}

function heartbeat(uid: number): void {
  Context.current().heartbeat({ uid });
}
