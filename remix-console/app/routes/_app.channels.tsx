import { ChannelName } from '@kyros/contracts/schemas/channels';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { ChannelCard } from '../components/channels/channel-card.tsx';
import { CommandFlowView } from '../components/channels/command-flow-view.tsx';
import { LiveEventFeed } from '../components/events/live-event-feed.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { applyFlowEvent, flowOf } from '../lib/command-flow.ts';
import { parseFormPost } from '../lib/form-data.ts';
import { useLiveEvents } from '../lib/live-events.tsx';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';

export const meta: MetaFunction = () => [{ title: 'Channels · Kyros' }];

const RECENT_COMMANDS = 100;
const COMMAND_EVENTS = { type: ['channel_command'] };

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const [channels, recent] = await Promise.all([
      api.channels.listChannels(),
      api.latestEvents({ ...COMMAND_EVENTS, limit: RECENT_COMMANDS }),
    ]);
    return { channels, events: recent.events, now: Date.now() };
  });
}

const Toggle = z.object({
  intent: z.literal('toggle'),
  name: ChannelName,
  enabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
});

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = parseFormPost(Toggle, await request.formData(), 'channel switch');
    try {
      const channel = await api.channels.setChannelEnabled(form.name, form.enabled);
      return {
        ok: true as const,
        message: `${channel.name} ${channel.enabled ? 'enabled' : 'disabled'}`,
        detail: channel.enabled ? undefined : 'It refuses every command until switched back on.',
      };
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function ChannelsPage() {
  const data = useLoaderData<typeof loader>();
  const now = useNow(10_000, data.now);
  const [flow, setFlow] = useState(() => flowOf(data.events));
  // A reload (after a reset) brings the latest commands; ids already applied are skipped.
  useEffect(() => setFlow((current) => flowOf(data.events, current)), [data.events]);
  useLiveEvents((message) => {
    if (message.type === 'event') setFlow((current) => applyFlowEvent(current, message.event));
  });
  // Counts, latency and the switches come from GET /channels: reload it as commands arrive.
  useLiveRevalidate((event) => event.event === 'channel_command', 400);
  return (
    <>
      <PageHeader
        eyebrow="Channel hub"
        title="Channels"
        description="Every way a person or a script can steer Kyros with a command. Each command is parsed by one parser, runs one operation as its sender, and is recorded with its outcome and latency."
      />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="channel-cards">
        {data.channels.map((channel) => (
          <ChannelCard key={channel.name} channel={channel} now={now} />
        ))}
      </div>
      <section
        aria-labelledby="flow-title"
        className="mt-6 rounded-2xl border border-line bg-surface p-5"
      >
        <header className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="flow-title" className="text-sm font-semibold text-fg">
            Command flow
          </h2>
          <p className="text-xs text-muted">
            The last {RECENT_COMMANDS} commands, then every new one live: channel → parse →
            operation → result.
          </p>
        </header>
        <CommandFlowView flow={flow} channelNames={data.channels.map((channel) => channel.name)} />
      </section>
      <div className="mt-6">
        <LiveEventFeed initial={data.events.slice(-20)} filter={COMMAND_EVENTS} />
      </div>
    </>
  );
}
