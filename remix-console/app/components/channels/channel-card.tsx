import type { ChannelStatus } from '@kyros/contracts/schemas/channels';
import { useFetcher } from '@remix-run/react';
import { roleBlock } from '../../lib/roles.ts';
import { timeAgo } from '../../lib/time.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { useRole } from '../../lib/use-role.ts';
import { Badge } from '../ui/badge.tsx';
import { GatedButton } from '../ui/gated-button.tsx';

const DESCRIPTIONS: Record<string, string> = {
  api: 'POST /channels/api/commands with a token or API key',
  websocket: '/channels/ws: ticket or bearer, commands and live events',
  slack: 'Slash commands signed with Slack’s v0 scheme; replies through response_url',
  email: 'Commands mailed to an IMAP mailbox by allowlisted senders; replies over SMTP',
  webhook: 'POST /channels/webhooks/{id}, signed the Standard Webhooks way',
};

/** One channel: status, its switch (admin), command counts, median latency, last command. */
export function ChannelCard({ channel, now }: { channel: ChannelStatus; now: number }) {
  const toggle = useFetcher<ActionResult>({ key: `channel-${channel.name}` });
  useActionToast(toggle.data);
  const block = roleBlock(useRole(), 'admin', 'switch channels');
  const pending = toggle.formData ? toggle.formData.get('enabled') === 'true' : undefined;
  const enabled = pending ?? channel.enabled;
  const { counts } = channel;
  return (
    <article
      className="flex flex-col rounded-2xl border border-line bg-surface p-4"
      data-testid={`channel-card-${channel.name}`}
      data-enabled={enabled}
    >
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-mono text-sm font-semibold text-fg">{channel.name}</h2>
          <p className="mt-0.5 text-xs text-muted">{DESCRIPTIONS[channel.name] ?? 'channel'}</p>
        </div>
        <Badge
          tone={!channel.configured ? 'neutral' : enabled ? 'good' : 'warn'}
          dot
          testId="channel-status"
        >
          {!channel.configured ? 'not configured' : enabled ? 'enabled' : 'disabled'}
        </Badge>
      </header>
      <dl className="mt-4 grid grid-cols-4 gap-2 text-center">
        {(
          [
            ['received', counts.received, 'text-fg'],
            ['ok', counts.ok, 'text-emerald-600 dark:text-emerald-300'],
            ['refused', counts.refused, 'text-amber-600 dark:text-amber-300'],
            ['failed', counts.failed, 'text-rose-600 dark:text-rose-300'],
          ] as const
        ).map(([label, value, tone]) => (
          <div key={label} className="rounded-lg bg-sunken px-2 py-2 ring-1 ring-line">
            <dd
              className={`font-mono text-lg font-semibold tabular-nums ${tone}`}
              data-testid={`channel-count-${label}`}
            >
              {value}
            </dd>
            <dt className="text-[10px] uppercase tracking-wider text-subtle">{label}</dt>
          </div>
        ))}
      </dl>
      <div className="mt-3 flex items-center justify-between gap-3 text-xs text-muted">
        <span data-testid="channel-p50">
          p50{' '}
          <span className="font-mono text-fg">
            {channel.p50_latency_ms === null ? '—' : `${channel.p50_latency_ms} ms`}
          </span>
        </span>
        <span data-testid="channel-last" title={channel.last_activity_at ?? undefined}>
          last command{' '}
          <span className="text-fg">
            {channel.last_activity_at ? timeAgo(channel.last_activity_at, now) : 'never'}
          </span>
        </span>
      </div>
      <toggle.Form method="post" className="mt-4 border-t border-line pt-3">
        <input type="hidden" name="name" value={channel.name} />
        <input type="hidden" name="enabled" value={String(!enabled)} />
        <GatedButton
          block={block}
          type="submit"
          name="intent"
          value="toggle"
          role="switch"
          aria-checked={enabled}
          aria-label={`${channel.name} channel enabled`}
          data-testid="channel-toggle"
          disabled={toggle.state !== 'idle'}
          className="focus-ring inline-flex items-center gap-2 rounded-lg text-xs text-muted disabled:opacity-50"
        >
          <span
            aria-hidden="true"
            className={`relative h-5 w-9 rounded-full transition-colors ${enabled ? 'bg-accent' : 'bg-line-strong'}`}
          >
            <span
              className={`absolute top-0.5 size-4 rounded-full bg-white shadow transition-all ${enabled ? 'left-[18px]' : 'left-0.5'}`}
            />
          </span>
          {enabled ? 'Accepting commands' : 'Refusing commands'}
        </GatedButton>
      </toggle.Form>
    </article>
  );
}
