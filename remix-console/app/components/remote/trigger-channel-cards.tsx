import type { ChannelStatus } from '@kyros/contracts/schemas/channels';
import type { SlackUserLink } from '@kyros/contracts/schemas/channels-slack';
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { timeAgo } from '../../lib/time.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';

/** What the admin-only lists add to the cards; null for other roles, who may not read them. */
export interface TriggerCounts {
  inbound: number;
  outbound: number;
  slackLinks: SlackUserLink[];
}

/**
 * The channels that reach in from outside, read-only: status and counts from `GET /channels`,
 * and what each needs to be configured. Their allowlists and rate limits are environment
 * settings the API does not expose, so the cards name the variables instead.
 */
export function TriggerChannelCards({
  channels,
  counts,
  now,
}: {
  channels: ChannelStatus[];
  counts: TriggerCounts | null;
  now: number;
}) {
  const find = (name: string) => channels.find((each) => each.name === name);
  return (
    <div className="grid gap-4 md:grid-cols-3" data-testid="trigger-cards">
      <TriggerCard
        id="webhooks"
        title="Webhooks"
        about="Signed inbound webhooks (Standard Webhooks) run commands; outbound subscriptions post events."
        channel={find('webhook')}
        now={now}
        settings={[
          ['configured by', 'KYROS_WEBHOOK_SECRETS_KEY'],
          ['rate limit', 'KYROS_CHANNEL_RATE_LIMIT_WEBHOOK / min per principal'],
          ...(counts
            ? ([
                ['inbound', String(counts.inbound)],
                ['outbound', String(counts.outbound)],
              ] as const)
            : []),
        ]}
      />
      <TriggerCard
        id="slack"
        title="Slack"
        about="Slash commands signed with Slack’s v0 scheme; replies through response_url."
        channel={find('slack')}
        now={now}
        settings={[
          ['configured by', 'SLACK_SIGNING_SECRET'],
          ['rate limit', 'KYROS_CHANNEL_RATE_LIMIT_SLACK / min per user'],
          ['who acts', 'linked Slack users only'],
        ]}
      >
        {counts ? <SlackLinks links={counts.slackLinks} /> : null}
      </TriggerCard>
      <TriggerCard
        id="email"
        title="Email"
        about="Commands read from an IMAP mailbox; replies sent over SMTP."
        channel={find('email')}
        now={now}
        settings={[
          ['configured by', 'KYROS_EMAIL_* (IMAP, SMTP)'],
          ['allowlist', 'KYROS_EMAIL_ALLOWLIST: sender → user'],
          ['rate limit', 'KYROS_CHANNEL_RATE_LIMIT_EMAIL / min per user'],
        ]}
      />
    </div>
  );
}

function TriggerCard({
  id,
  title,
  about,
  channel,
  now,
  settings,
  children,
}: {
  id: string;
  title: string;
  about: string;
  channel: ChannelStatus | undefined;
  now: number;
  settings: (readonly [string, string])[];
  children?: ReactNode;
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
      data-testid={`trigger-${id}`}
      data-configured={channel?.configured ?? false}
    >
      <header className="flex items-start justify-between gap-3">
        <h2 className="text-sm font-semibold text-fg">{title}</h2>
        <Badge tone={status.tone} dot testId="trigger-status">
          {status.label}
        </Badge>
      </header>
      <p className="mt-1.5 text-xs leading-relaxed text-muted">{about}</p>
      <dl
        className="mt-3 grid flex-1 content-start gap-x-3 gap-y-1 text-[11px] sm:grid-cols-[auto_minmax(0,1fr)]"
        data-testid="trigger-settings"
      >
        {settings.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="text-subtle">{name}</dt>
            <dd className="break-words font-mono text-muted" data-setting={name}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {children}
      {channel ? (
        <p className="mt-3 text-xs text-muted">
          {channel.counts.received} commands · last{' '}
          {channel.last_activity_at ? timeAgo(channel.last_activity_at, now) : 'never'}
        </p>
      ) : (
        <p className="mt-3 text-xs text-subtle">
          <code className="font-mono">GET /channels</code> does not list this channel.
        </p>
      )}
      <Link to="/channels" className={buttonClass('ghost', 'mt-2 self-start px-0 text-xs')}>
        Channel status →
      </Link>
    </article>
  );
}

function SlackLinks({ links }: { links: SlackUserLink[] }) {
  return (
    <div className="mt-3" data-testid="slack-links">
      <p className="text-[11px] text-subtle">
        {links.length === 0
          ? 'No Slack user linked yet: link them under Slack users below.'
          : `${links.length} linked Slack user${links.length === 1 ? '' : 's'}:`}
      </p>
      {links.length > 0 ? (
        <ul className="mt-1 space-y-0.5 font-mono text-[11px] text-muted">
          {links.slice(0, 5).map((link) => (
            <li key={`${link.team_id}/${link.slack_user_id}`} className="truncate">
              {link.team_id}/{link.slack_user_id} → {link.user_email}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
