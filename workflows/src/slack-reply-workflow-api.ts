/**
 * What clients share with the Slack reply workflow (docs/CHANNELS.md, "Slack"). The API starts it
 * by function reference once a slash command has run; safe to import outside workflow code.
 */

/** One delivery per recorded command: `slack-reply-<channel_commands id>`. */
export function slackReplyWorkflowId(commandId: string): string {
  return `slack-reply-${commandId}`;
}

export interface SlackReplyInput {
  /** The `channel_commands` row whose reply status the delivery settles. */
  commandId: string;
  /** Slack's `response_url` of the slash command (valid 30 minutes, up to 5 posts). */
  responseUrl: string;
  /** The Block Kit message (`renderSlack`), posted as JSON. */
  message: Record<string, unknown>;
}

export interface SlackReplyOutcome {
  status: 'sent' | 'failed';
  /** Why the reply did not arrive, when it did not. */
  error?: string;
}
