import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import { escapeSlack, type SlackMessage } from './reply-renderers.ts';

/**
 * The Slack channel's own answers, besides rendered replies: the acknowledgement Slack needs
 * within 3 s, and the refusals that happen before a command exists. All ephemeral: only the
 * person who typed the command sees them.
 */

function ephemeral(text: string): SlackMessage {
  return {
    response_type: 'ephemeral',
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(text) } }],
  };
}

/** The immediate answer: the command is accepted and its result follows from `response_url`. */
export function slackAcknowledgement(text: string): SlackMessage {
  const shown = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return ephemeral(`Working on \`${shown || 'help'}\`…`);
}

/** An unlinked Slack user: who they are to Kyros, and what an admin runs to link them. */
export function slackNotLinked(teamId: string, slackUserId: string): SlackMessage {
  return ephemeral(
    `Your Slack user (${teamId}/${slackUserId}) is not linked to a Kyros user, so Kyros does not know who you are. Ask a Kyros admin to link you: PUT /channels/slack/users/${teamId}/${slackUserId} with {"user_email": "<your Kyros email>"}.`,
  );
}

/** Slack's form of a 429: Slack shows a non-200 as a bare error, so this is a 200 ephemeral. */
export function slackRateLimited(limit: number, windowMs: number, retryAfterSeconds: number) {
  return ephemeral(
    `Too many commands: at most ${limit} per ${windowMs / 1000} s each. Try again in ${retryAfterSeconds} s.`,
  );
}

/**
 * Deep links every Slack reply carries: the console (if the reply has no console page of its
 * own) and the Temporal UI run that delivers it.
 */
export function withSlackLinks(
  reply: ChannelReply,
  links: { consoleUrl: string; deliveryRunUrl: string },
): ChannelReply {
  const consoleBase = links.consoleUrl.replace(/\/+$/, '');
  const hasConsole = reply.links.some((link) => link.url.startsWith(consoleBase));
  return {
    ...reply,
    links: [
      ...reply.links,
      ...(hasConsole ? [] : [{ label: 'Open the console', url: `${consoleBase}/` }]),
      { label: 'Delivery run (Temporal)', url: links.deliveryRunUrl },
    ],
  };
}
