import { createHmac } from 'node:crypto';

/**
 * Slash command requests exactly as Slack sends them (a form body, signed with the app's signing
 * secret), written from Slack's documentation rather than from the API's own verifier.
 */

export interface SlashCommand {
  team: string;
  user: string;
  text: string;
  responseUrl: string;
}

/** The form body Slack posts for `/kyros <text>`. */
export function slashCommandBody(command: SlashCommand): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: command.team,
    team_domain: 'kyros-test',
    channel_id: 'C0CHANNEL1',
    channel_name: 'agents',
    user_id: command.user,
    user_name: 'someone',
    command: '/kyros',
    text: command.text,
    api_app_id: 'A0KYROS001',
    response_url: command.responseUrl,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

/** Headers of a signed request: v0=hex(HMAC-SHA256(secret, "v0:<timestamp>:<raw body>")). */
export function slackSignedHeaders(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret)
    .update(`v0:${String(timestamp)}:${body}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}
