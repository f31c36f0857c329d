import { PutSlackUserLinkRequest, SlackIdParam } from '@kyros/contracts/schemas/channels-slack';
import {
  CreateInboundWebhookRequest,
  CreateWebhookSubscriptionRequest,
  WebhookId,
} from '@kyros/contracts/schemas/webhooks';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { describeApiFailure, withApi, type ConsoleApi } from './api.server.ts';
import { fieldErrors, formText, invalidForm, parseFormPost } from './form-data.ts';
import { hasRole } from './roles.ts';
import { parseLogSelection, type LogSelection } from './trigger-log.ts';

const LOG_LIMIT = 50;

/**
 * Remote › Triggers: every channel's status for everyone; for admins (the API lets only them
 * read webhooks) the inbound webhooks, outbound subscriptions, Slack user links, who a webhook
 * may act as, and the delivery log chosen by `?log=inbound:<id>` or `?log=outbound:<id>`.
 */
export function loadTriggers({ request, context }: LoaderFunctionArgs) {
  const selection = parseLogSelection(new URL(request.url).searchParams.get('log'));
  return withApi(request, context, async ({ api, user }) => {
    const channels = await api.channels.listChannels();
    if (!hasRole(user.role, 'admin')) return { channels, admin: null, now: Date.now() };
    const [inbound, subscriptions, slackLinks, users, apiKeys, log] = await Promise.all([
      api.webhooks.inbound.list(),
      api.webhooks.subscriptions.list(),
      api.channels.listSlackUserLinks(),
      api.admin.listUsers(),
      api.admin.listApiKeys(),
      selection ? loadLog(api, selection) : null,
    ]);
    const now = Date.now();
    const people = users.filter((each) => !each.disabled);
    const principals = [
      ...people.map((each) => ({
        value: `user:${each.id}`,
        label: `user:${each.email} (${each.role})`,
      })),
      ...apiKeys
        .filter((key) => canAct(key, now))
        .map((key) => ({ value: `key:${key.id}`, label: `key ${key.name} → ${key.acts_as}` })),
    ];
    return {
      channels,
      admin: {
        inbound,
        subscriptions,
        slackLinks,
        principals,
        people: people.map((each) => ({ email: each.email, role: each.role })),
        log,
      },
      now,
    };
  });
}

function canAct(
  key: { revoked: boolean; service: boolean; expires_at: string | null },
  now: number,
): boolean {
  if (key.revoked || key.service) return false;
  return key.expires_at === null || Date.parse(key.expires_at) > now;
}

async function loadLog(api: ConsoleApi, selection: LogSelection) {
  if (selection.kind === 'inbound') {
    return {
      ...selection,
      messages: await api.webhooks.inbound.messages(selection.id, { limit: LOG_LIMIT }),
      deliveries: null,
    };
  }
  return {
    ...selection,
    messages: null,
    deliveries: await api.webhooks.subscriptions.deliveries(selection.id, { limit: LOG_LIMIT }),
  };
}

const Kind = z.enum(['inbound', 'outbound']);
const TriggerPost = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('inbound-create') }),
  z.object({ intent: z.literal('outbound-create') }),
  z.object({ intent: z.literal('rotate'), kind: Kind, id: WebhookId }),
  z.object({ intent: z.literal('test-fire'), kind: Kind, id: WebhookId }),
  z.object({
    intent: z.literal('toggle'),
    kind: Kind,
    id: WebhookId,
    enabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
  z.object({ intent: z.literal('delete'), kind: Kind, id: WebhookId }),
  z.object({ intent: z.literal('slack-link') }),
  z.object({
    intent: z.literal('slack-unlink'),
    team_id: SlackIdParam,
    slack_user_id: SlackIdParam,
  }),
]);

/** The link form's fields as the API checks them: Slack ids, and the Kyros user's email. */
const SlackLinkForm = z.object({
  team_id: SlackIdParam,
  slack_user_id: SlackIdParam,
  ...PutSlackUserLinkRequest.shape,
});

/** `user:<id>` or `key:<id>` from the form's principal picker, as the API's binding. */
function bindingOf(value: string) {
  const [kind, id] = value.split(':', 2);
  if (kind === 'user') return { user_id: id };
  if (kind === 'key') return { api_key_id: id };
  return undefined;
}

/**
 * Every change on the Triggers tab: create, rotate, test-fire, switch or delete a webhook; link
 * or unlink a Slack user.
 */
export function triggersAction({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const post = parseFormPost(TriggerPost, form, 'triggers action');
    const { inbound, subscriptions } = api.webhooks;
    try {
      switch (post.intent) {
        case 'inbound-create': {
          const actsAs = bindingOf(formText(form, 'acts_as'));
          const parsed = CreateInboundWebhookRequest.safeParse({
            name: formText(form, 'name').trim(),
            acts_as: actsAs,
          });
          if (!parsed.success) {
            const errors = fieldErrors(parsed.error.issues);
            if (!actsAs) errors.acts_as = 'Choose whom the webhook acts as';
            return invalidForm(errors);
          }
          const created = await inbound.create(parsed.data);
          return {
            ok: true as const,
            message: `Webhook ${created.name} created`,
            secret: { kind: 'inbound' as const, id: created.id, secret: created.secret },
          };
        }
        case 'outbound-create': {
          const parsed = CreateWebhookSubscriptionRequest.safeParse({
            name: formText(form, 'name').trim(),
            url: formText(form, 'url').trim(),
            event_types: formText(form, 'event_types')
              .split(/[\s,]+/)
              .filter(Boolean),
          });
          if (!parsed.success) return invalidForm(fieldErrors(parsed.error.issues));
          const created = await subscriptions.create(parsed.data);
          return {
            ok: true as const,
            message: `Subscription ${created.name} created`,
            secret: { kind: 'outbound' as const, id: created.id, secret: created.secret },
          };
        }
        case 'rotate': {
          const resource = post.kind === 'inbound' ? inbound : subscriptions;
          const rotated = await resource.rotateSecret(post.id);
          return {
            ok: true as const,
            message: 'Secret rotated',
            detail: 'The old secret no longer works: give the sender the new one.',
            secret: { kind: post.kind, id: post.id, secret: rotated.secret },
          };
        }
        case 'test-fire':
          return await testFire(api, post.kind, post.id, formText(form, 'text').trim());
        case 'toggle': {
          const resource = post.kind === 'inbound' ? inbound : subscriptions;
          const updated = await resource.update(post.id, { enabled: post.enabled });
          return {
            ok: true as const,
            message: `${updated.name} ${updated.enabled ? 'enabled' : 'disabled'}`,
          };
        }
        case 'delete':
          await (post.kind === 'inbound' ? inbound : subscriptions).delete(post.id);
          return { ok: true as const, message: 'Deleted' };
        case 'slack-link': {
          const parsed = SlackLinkForm.safeParse({
            team_id: formText(form, 'team_id').trim().toUpperCase(),
            slack_user_id: formText(form, 'slack_user_id').trim().toUpperCase(),
            user_email: formText(form, 'user_email'),
          });
          if (!parsed.success) return invalidForm(fieldErrors(parsed.error.issues));
          const { team_id: teamId, slack_user_id: slackUserId, user_email } = parsed.data;
          const link = await api.channels.linkSlackUser(teamId, slackUserId, { user_email });
          return {
            ok: true as const,
            message: `${link.team_id}/${link.slack_user_id} now acts as ${link.user_email}`,
          };
        }
        case 'slack-unlink':
          await api.channels.unlinkSlackUser(post.team_id, post.slack_user_id);
          return {
            ok: true as const,
            message: `${post.team_id}/${post.slack_user_id} unlinked`,
          };
      }
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

async function testFire(api: ConsoleApi, kind: z.infer<typeof Kind>, id: string, text: string) {
  if (kind === 'outbound') {
    const delivery = await api.webhooks.subscriptions.testFire(id);
    return {
      ok: true as const,
      message: 'Test delivery started',
      detail: `Follow ${delivery.workflow_id} in the delivery log.`,
      fired: { kind, id },
    };
  }
  // The API signs the sample with the webhook's own secret and runs it as a sender's message.
  const { response } = await api.webhooks.inbound.testFire(id, text || undefined);
  const { reply } = response;
  return reply.outcome === 'ok'
    ? { ok: true as const, message: `Test fired: ${reply.title}`, fired: { kind, id } }
    : {
        ok: false as const,
        status: 200,
        title: `Test fired, the command was ${reply.outcome}`,
        detail: reply.title,
        fired: { kind, id },
      };
}
