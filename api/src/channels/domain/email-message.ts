import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import type { EmailReply } from '@kyros/contracts/schemas/channels-email';
import { parseCommand } from './parse-command.ts';
import { renderEmail } from './reply-renderers.ts';

/** The email channel's pure rules: where the command is in a message, and how the reply threads. */

/** `Re:`, `Fwd:`, `AW:`, `SV: `, `Re[2]:` and our own `[Kyros]`, however many are stacked. */
const SUBJECT_PREFIXES = /^(?:\s*(?:(?:re|fwd?|aw|sv|wg)\s*(?:\[\d+\])?\s*:|\[kyros\]))+\s*/i;

/** Where quoted text or a signature starts: nothing from there on is read. */
const BODY_END = [
  /^>/,
  /^On .*wrote:\s*$/,
  /^-- ?$/,
  /^-{3,}\s*Original Message\s*-{3,}/i,
  /^_{5,}/,
  /^Sent from my /,
];

export function stripSubjectPrefixes(subject: string): string {
  return subject.replace(SUBJECT_PREFIXES, '').trim();
}

/**
 * The body's first paragraph, before any quote or signature, so "claim T-101", a blank line and
 * "Thanks, Ada" reads as `claim T-101`. A JSON command may span lines of one paragraph.
 */
export function firstBodyParagraph(text: string): string {
  const paragraph: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (BODY_END.some((end) => end.test(line))) break;
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.join('\n');
}

/**
 * The command text of a message: the subject when it parses as a command (after `Re:` and
 * friends), else the body's first paragraph, else the subject (so the refusal quotes it).
 * Replying "approve T-205" to one of our replies works: its subject does not parse, its body does.
 */
export function emailCommandText(message: { subject: string; text: string }): string {
  const subject = stripSubjectPrefixes(message.subject);
  if (subject !== '' && parseCommand(subject).ok) return subject;
  const body = firstBodyParagraph(message.text);
  return body !== '' ? body : subject;
}

/**
 * The reply to a message: the email renderer's text, threaded by In-Reply-To (the message's
 * Message-ID) and References (its References plus its Message-ID), RFC 5322 §3.6.4. The subject
 * is `Re: <theirs>` so clients that thread by subject keep it together too; without one, the
 * renderer's own subject.
 */
export function emailReplyFor(
  message: { message_id: string; from: string; subject: string; references: string[] },
  reply: ChannelReply,
): EmailReply {
  const rendered = renderEmail(reply);
  const theirs = stripSubjectPrefixes(message.subject).replace(/[\r\n]+/g, ' ');
  return {
    to: message.from,
    subject: theirs === '' ? rendered.subject : `Re: ${theirs}`.slice(0, 200),
    text: rendered.text,
    in_reply_to: message.message_id,
    references: [
      ...message.references.filter((id) => id !== message.message_id),
      message.message_id,
    ]
      // Long threads keep the first and the most recent ids (RFC 5322 §3.6.4 allows trimming).
      .slice(-20),
  };
}
