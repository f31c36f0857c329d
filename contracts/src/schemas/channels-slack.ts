import { z } from 'zod';
import { EmailAddress } from './auth.ts';
import { MAX_COMMAND_TEXT } from './channels.ts';

/**
 * The Slack channel's contracts (docs/CHANNELS.md, "Slack"): the slash command form Slack posts,
 * and the admin-managed links from Slack users to Kyros users.
 */

/** Slack's ids: workspace `T…`, user `U…`/`W…` (uppercase letters and digits). */
const SlackId = z.string().regex(/^[A-Z0-9]{2,32}$/, 'must be a Slack id such as T0123ABCD');

/**
 * The fields of a slash command Kyros reads (`application/x-www-form-urlencoded`; Slack sends
 * more, which are ignored). `response_url` takes the reply after the acknowledgement.
 */
export const SlackSlashCommandForm = z.object({
  team_id: SlackId,
  user_id: SlackId,
  command: z.string().min(1).max(100),
  text: z.string().max(MAX_COMMAND_TEXT),
  response_url: z.url({ protocol: /^https?$/ }).max(2000),
  channel_id: z.string().max(64).optional(),
  user_name: z.string().max(200).optional(),
});
export type SlackSlashCommandForm = z.infer<typeof SlackSlashCommandForm>;

export const SlackUserLink = z
  .strictObject({
    team_id: SlackId,
    slack_user_id: SlackId,
    /** The Kyros user the Slack user acts as: their role and `user:<email>` identity. */
    user_id: z.uuid(),
    user_email: z.string(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'SlackUserLink' });
export type SlackUserLink = z.infer<typeof SlackUserLink>;

export const SlackUserLinkList = z
  .strictObject({ items: z.array(SlackUserLink) })
  .meta({ id: 'SlackUserLinkList' });

/** `PUT /channels/slack/users/{team_id}/{slack_user_id}`: the Kyros user, by email. */
export const PutSlackUserLinkRequest = z
  .strictObject({ user_email: EmailAddress })
  .meta({ id: 'PutSlackUserLinkRequest' });
export type PutSlackUserLinkRequest = z.infer<typeof PutSlackUserLinkRequest>;

export const SlackIdParam = SlackId;
