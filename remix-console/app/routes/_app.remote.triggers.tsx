import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { InboundWebhooksPanel } from '../components/remote/inbound-webhooks-panel.tsx';
import { SlackUsersPanel } from '../components/remote/slack-users-panel.tsx';
import { TriggerChannelCards } from '../components/remote/trigger-channel-cards.tsx';
import { WebhookSubscriptionsPanel } from '../components/remote/webhook-subscriptions-panel.tsx';
import { AdminOnly } from '../components/settings/settings-section.tsx';
import { Badge } from '../components/ui/badge.tsx';
import { loadTriggers, triggersAction } from '../lib/triggers.server.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Remote · Triggers · Kyros' }];

export const loader = loadTriggers;
export const action = triggersAction;

export default function RemoteTriggers() {
  const data = useLoaderData<typeof loader>();
  const now = useNow(10_000, data.now);
  const role = useRole();
  const { admin } = data;
  // A webhook message (a sender's or a test-fire) is a `channel_command`: counts and log follow.
  useLiveRevalidate(
    (event) => event.event === 'channel_command' && event.target === 'channel:webhook',
    300,
  );
  const log = admin?.log;
  return (
    <>
      <p className="mb-4 max-w-3xl text-sm text-muted">
        Triggers reach Kyros from outside: signed webhooks, Slack and email. Switch a channel on or
        off on the{' '}
        <Link to="/channels" className="text-accent-fg hover:underline">
          Channels
        </Link>{' '}
        page.
      </p>
      <TriggerChannelCards
        channels={data.channels}
        counts={
          admin
            ? {
                inbound: admin.inbound.length,
                outbound: admin.subscriptions.length,
                slackLinks: admin.slackLinks,
              }
            : null
        }
        now={now}
      />
      <TriggerSection
        id="inbound"
        title="Inbound webhooks"
        about="Each has its own URL and secret; a POST signed with it runs one command as the principal it is bound to."
        adminOnly={!admin}
      >
        {admin ? (
          <InboundWebhooksPanel
            webhooks={admin.inbound}
            principals={admin.principals}
            log={log?.messages ? { id: log.id, messages: log.messages } : null}
            now={now}
          />
        ) : (
          <AdminOnly role={role} what="manage webhooks" />
        )}
      </TriggerSection>
      <TriggerSection
        id="outbound"
        title="Outbound subscriptions"
        about="Events POSTed to a URL as they happen, signed the same way, retried with backoff."
        adminOnly={!admin}
      >
        {admin ? (
          <WebhookSubscriptionsPanel
            subscriptions={admin.subscriptions}
            log={log?.deliveries ? { id: log.id, deliveries: log.deliveries } : null}
            now={now}
          />
        ) : (
          <AdminOnly role={role} what="manage webhook subscriptions" />
        )}
      </TriggerSection>
      <TriggerSection
        id="slack-users"
        title="Slack users"
        about="A slash command acts as the Kyros user its sender is linked to; an unlinked sender is refused."
        adminOnly={!admin}
      >
        {admin ? (
          <SlackUsersPanel links={admin.slackLinks} people={admin.people} now={now} />
        ) : (
          <AdminOnly role={role} what="link Slack users" />
        )}
      </TriggerSection>
    </>
  );
}

function TriggerSection({
  id,
  title,
  about,
  adminOnly,
  children,
}: {
  id: string;
  title: string;
  about: string;
  adminOnly: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="mt-6 rounded-2xl border border-line bg-surface p-5"
      data-testid={`triggers-${id}`}
    >
      <header className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id={`${id}-title`} className="text-sm font-semibold text-fg">
            {title}
          </h2>
          <p className="mt-0.5 text-xs text-muted">{about}</p>
        </div>
        {adminOnly ? <Badge tone="neutral">admin only</Badge> : null}
      </header>
      {children}
    </section>
  );
}
