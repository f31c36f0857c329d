import { ChannelReply } from '@kyros/contracts/schemas/channels';

/**
 * One reply, rendered for each kind of channel. Pure: the reply model in, the channel's own
 * format out. Slack and email renderers exist for the channels that come later; their shapes are
 * pinned by tests now so those channels only transport them.
 */

const OUTCOME_MARK = { ok: '✓', refused: '✗', failed: '!' } as const;

/** Terminals, chat without formatting, the API channel's `text`. */
export function renderPlainText(reply: ChannelReply): string {
  const out = [`${OUTCOME_MARK[reply.outcome]} ${reply.title}`, ...reply.lines];
  for (const field of reply.fields) out.push(`${field.name}: ${field.value}`);
  for (const link of reply.links) out.push(`${link.label}: ${link.url}`);
  if (reply.suggestions.length > 0) {
    out.push('Try:', ...reply.suggestions.map((suggestion) => `  ${suggestion}`));
  }
  return out.join('\n');
}

/** An email reply: a one-line subject (no CR/LF, so no header injection) and a text body. */
export function renderEmail(reply: ChannelReply): { subject: string; text: string } {
  const subject = `[Kyros] ${oneLine(reply.title)}`.slice(0, 200);
  const body = [reply.title, '', ...reply.lines];
  if (reply.fields.length > 0) {
    body.push('', ...reply.fields.map((field) => `${field.name}: ${field.value}`));
  }
  if (reply.links.length > 0) body.push('', ...reply.links.map((l) => `${l.label}: ${l.url}`));
  if (reply.suggestions.length > 0) {
    body.push('', 'Commands you can send:', ...reply.suggestions.map((s) => `  ${s}`));
  }
  body.push('', '-- ', 'Kyros: reply with "help" for the command list.');
  return { subject, text: `${body.join('\n')}\n` };
}

/** The machine-readable reply (the WebSocket and API channels' `reply`), checked by its schema. */
export function renderJson(reply: ChannelReply): ChannelReply {
  return ChannelReply.parse(reply);
}

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string };
export type SlackBlock =
  | { type: 'section'; text: TextObject }
  | { type: 'section'; fields: TextObject[] }
  | { type: 'actions'; elements: { type: 'button'; text: TextObject; url: string }[] }
  | { type: 'context'; elements: TextObject[] };

export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  /** The notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
}

// Block Kit limits: section text 3000, 10 fields of 2000, 25 action elements, 75-char buttons.
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

/** Slack Block Kit: results go to the channel, refusals and help only to the person who asked. */
export function renderSlack(reply: ChannelReply): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'section', text: mrkdwn(`*${escapeSlack(reply.title)}*`, SECTION_MAX) },
  ];
  if (reply.lines.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(reply.lines.map(escapeSlack).join('\n'), SECTION_MAX),
    });
  }
  if (reply.fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: reply.fields
        .slice(0, 10)
        .map((field) =>
          mrkdwn(`*${escapeSlack(field.name)}*\n${escapeSlack(field.value)}`, FIELD_MAX),
        ),
    });
  }
  const links = reply.links.filter((link) => /^https?:\/\//.test(link.url)).slice(0, 5);
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: link.label.slice(0, 75) },
        url: link.url.slice(0, 3000),
      })),
    });
  }
  if (reply.suggestions.length > 0) {
    const tries = reply.suggestions.map((s) => `\`${escapeSlack(s.replace(/`/g, "'"))}\``);
    blocks.push({ type: 'context', elements: [mrkdwn(`Try: ${tries.join(' · ')}`, SECTION_MAX)] });
  }
  return {
    response_type:
      reply.outcome === 'ok' && reply.command?.command !== 'help' ? 'in_channel' : 'ephemeral',
    text: oneLine(reply.title).slice(0, SECTION_MAX),
    blocks,
  };
}

/** Slack's mrkdwn needs exactly these three escaped; anything else is shown as typed. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, max: number): TextObject {
  return { type: 'mrkdwn', text: text.length > max ? `${text.slice(0, max - 1)}…` : text };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
