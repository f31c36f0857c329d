import { z } from 'zod';

/**
 * The email channel's hand-over (docs/CHANNELS.md#email): the worker's IMAP poll activity posts
 * each new message to the API, which claims it by Message-ID, runs its command as the user the
 * sender is mapped to, and answers with the reply the activity then sends over SMTP.
 */

/** RFC 5322 allows 998 characters per line; a Message-ID or subject longer than that is refused. */
const HeaderValue = z.string().max(998);

export const EmailMessageRequest = z
  .strictObject({
    /** The Message-ID header, angle brackets included (`<…@…>`): the exactly-once key. */
    message_id: HeaderValue.min(3),
    /** The From address (no display name), as the IMAP server stored it. */
    from: z.string().min(3).max(320),
    subject: HeaderValue,
    /** The plain-text body (or the text of an HTML-only body); cut to 100,000 characters. */
    text: z.string().max(100_000),
    /** The message's own References, so the reply can extend the thread (RFC 5322 §3.6.4). */
    references: z.array(HeaderValue).max(100).default([]),
  })
  .meta({ id: 'EmailMessageRequest' });
export type EmailMessageRequest = z.input<typeof EmailMessageRequest>;

/** A threaded reply for the poll activity to send (In-Reply-To and References per §3.6.4). */
export const EmailReply = z
  .strictObject({
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    in_reply_to: z.string(),
    references: z.array(z.string()),
  })
  .meta({ id: 'EmailReply' });
export type EmailReply = z.infer<typeof EmailReply>;

export const EmailMessageResponse = z
  .strictObject({
    /**
     * `executed`: this call claimed the message and ran its command (the reply says how it went);
     * `refused`: the sender is not on the allowlist, recorded, nothing run, no reply;
     * `duplicate`: the Message-ID was claimed before (another poll, an earlier try), nothing run.
     */
    disposition: z.enum(['executed', 'refused', 'duplicate']),
    /** The `channel_commands` row (null for a duplicate). */
    command_id: z.uuid().nullable(),
    reply: EmailReply.nullable(),
  })
  .meta({ id: 'EmailMessageResponse' });
export type EmailMessageResponse = z.infer<typeof EmailMessageResponse>;

export const EmailReplyStatusRequest = z
  .strictObject({ status: z.enum(['sent', 'failed']) })
  .meta({ id: 'EmailReplyStatusRequest' });
export type EmailReplyStatusRequest = z.infer<typeof EmailReplyStatusRequest>;
