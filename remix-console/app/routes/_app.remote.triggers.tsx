import type { ChannelStatus } from '@kyros/contracts/schemas/channels';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Badge } from '../components/ui/badge.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { withApi } from '../lib/api.server.ts';
import { timeAgo } from '../lib/time.ts';
import { useNow } from '../lib/use-now.ts';

export const meta: MetaFunction = () => [{ title: 'Remote · Triggers · Kyros' }];

/** The channels that reach in from outside; each shows here once the API lists it. */
const INBOUND = [
  {
    names: ['webhooks', 'webhook'],
    title: 'Webhooks',
    about:
      'Signed inbound webhooks (Standard Webhooks) run commands; outbound subscriptions post events.',
  },
  {
    names: ['slack'],
    title: 'Slack',
    about: 'Slash commands signed with Slack’s v0 scheme; replies through response_url.',
  },
  {
    names: ['email'],
    title: 'Email',
    about: 'Commands read from an IMAP mailbox; replies sent over SMTP.',
  },
];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({
    channels: await api.channels.listChannels(),
    now: Date.now(),
  }));
}

export default function RemoteTriggers() {
  const data = useLoaderData<typeof loader>();
  const now = useNow(10_000, data.now);
  return (
    <>
      <p className="mb-4 max-w-3xl text-sm text-muted">
        Triggers are the channels that reach Kyros from outside. Their settings come from the API’s{' '}
        <code className="font-mono">GET /channels</code>; switch one on or off on the{' '}
        <Link to="/channels" className="text-accent-fg hover:underline">
          Channels
        </Link>{' '}
        page.
      </p>
      <div className="grid gap-4 md:grid-cols-3" data-testid="trigger-cards">
        {INBOUND.map((trigger) => {
          const channel = data.channels.find((each) => trigger.names.includes(each.name));
          return <TriggerCard key={trigger.title} {...trigger} channel={channel} now={now} />;
        })}
      </div>
    </>
  );
}

function TriggerCard({
  title,
  about,
  channel,
  now,
}: {
  title: string;
  about: string;
  channel: ChannelStatus | undefined;
  now: number;
}) {
  const status = !channel
    ? { label: 'not available', tone: 'neutral' as const }
    : !channel.configured
      ? { label: 'not configured', tone: 'warn' as const }
      : channel.enabled
        ? { label: 'enabled', tone: 'good' as const }
        : { label: 'disabled', tone: 'warn' as const };
  return (
    <article
      className="flex flex-col rounded-2xl border border-line bg-surface p-4"
      data-testid={`trigger-${title.toLowerCase()}`}
    >
      <header className="flex items-start justify-between gap-3">
        <h2 className="text-sm font-semibold text-fg">{title}</h2>
        <Badge tone={status.tone} dot testId="trigger-status">
          {status.label}
        </Badge>
      </header>
      <p className="mt-1.5 flex-1 text-xs leading-relaxed text-muted">{about}</p>
      {channel ? (
        <p className="mt-3 text-xs text-muted">
          {channel.counts.received} commands · last{' '}
          {channel.last_activity_at ? timeAgo(channel.last_activity_at, now) : 'never'}
        </p>
      ) : (
        <p className="mt-3 text-xs text-subtle">
          This API does not offer the channel yet: <code className="font-mono">GET /channels</code>{' '}
          does not list it.
        </p>
      )}
      <Link to="/channels" className={buttonClass('ghost', 'mt-3 self-start px-0 text-xs')}>
        Channel status →
      </Link>
    </article>
  );
}
