import { z } from 'zod';
import {
  PutSlackUserLinkRequest,
  SlackIdParam,
  SlackUserLink,
  SlackUserLinkList,
} from '@kyros/contracts/schemas/channels-slack';
import { principalOf } from '../../auth/principal.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { slackAcknowledgement, slackRateLimited } from '../domain/slack-messages.ts';
import { linkSlackUser } from '../operations/link-slack-user.ts';
import { listSlackUserLinks } from '../operations/list-slack-user-links.ts';
import { runSlackCommand } from '../operations/run-slack-command.ts';
import { unlinkSlackUser } from '../operations/unlink-slack-user.ts';
import { slackCommandOf, slackCommandRequest } from './slack-request.ts';

const TAGS = ['Channels'];
const SlackMessage = z.object({ response_type: z.enum(['ephemeral', 'in_channel']) }).loose();
const linkParams = {
  team_id: pathId(SlackIdParam, 'Slack workspace'),
  slack_user_id: pathId(SlackIdParam, 'Slack user'),
};

/** The Slack channel: slash commands, and the admin-managed links from Slack users to Kyros users. */
export function slackRoutes(deps: ChannelsDeps, rateLimits: ChannelRateLimiter): Route[] {
  const { prisma, audit } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/channels/slack/commands',
      // Authenticated by Slack's signature and the user link, not by a bearer credential.
      role: 'public',
      before: [
        ...slackCommandRequest(deps),
        rateLimits.http('slack', {
          respond: (_req, res, _next, refusal) =>
            res.json(slackRateLimited(refusal.limit, refusal.windowMs, refusal.retryAfterSeconds)),
        }),
      ],
      tags: TAGS,
      summary: 'Slack slash command (`/kyros <command>`), signed by Slack (v0)',
      description:
        'Form-encoded as Slack sends it, with `X-Slack-Signature` and `X-Slack-Request-Timestamp` (5-minute window). Answers at once with an ephemeral "working…"; the result is posted to `response_url` by workflow `slack-reply-<command id>`. A bad or stale signature is a 401 and nothing is written; an unlinked Slack user or a rate-limited one gets an ephemeral refusal. 404 when SLACK_SIGNING_SECRET is not set.',
      responses: {
        200: {
          description: 'The acknowledgement (Slack message JSON)',
          ...jsonContent(SlackMessage),
        },
      },
      handle(_input, { req, res }) {
        const form = slackCommandOf(req, res);
        const principal = principalOf(req);
        res.json(slackAcknowledgement(form.text.trim()));
        // Slack wants the answer within 3 s; the command runs after it.
        runSlackCommand({ deps, form, principal, requestId: requestIdOf(req) }).catch(
          (error: unknown) => deps.logger.error({ err: error }, 'slack command not delivered'),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/channels/slack/users',
      role: 'admin',
      tags: TAGS,
      summary: 'Every link from a Slack user to the Kyros user they act as (admin)',
      responses: { 200: { description: 'The links', ...jsonContent(SlackUserLinkList) } },
      async handle(_input, { res }) {
        res.json(SlackUserLinkList.parse({ items: await listSlackUserLinks(prisma) }));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/channels/slack/users/{team_id}/{slack_user_id}',
      role: 'admin',
      tags: TAGS,
      summary: 'Link a Slack user to a Kyros user (admin; audited)',
      description:
        'The Slack user then acts as that Kyros user, with their role and `user:<email>` identity. Relinking replaces the previous link.',
      params: linkParams,
      body: { schema: PutSlackUserLinkRequest },
      responses: { 200: { description: 'The link', ...jsonContent(SlackUserLink) } },
      async handle({ params, body }, { req, res }) {
        const link = await linkSlackUser({
          prisma,
          audit,
          teamId: params.team_id,
          slackUserId: params.slack_user_id,
          userEmail: body.user_email,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.json(SlackUserLink.parse(link));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/channels/slack/users/{team_id}/{slack_user_id}',
      role: 'admin',
      tags: TAGS,
      summary: 'Unlink a Slack user (admin; audited)',
      params: linkParams,
      responses: { 204: { description: 'Unlinked' } },
      async handle({ params }, { req, res }) {
        await unlinkSlackUser({
          prisma,
          audit,
          teamId: params.team_id,
          slackUserId: params.slack_user_id,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(204).end();
      },
    }),
  ];
}
