import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { LiveEventFeed } from '../components/events/live-event-feed.tsx';
import { CommandConsole } from '../components/remote/command-console.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { parseFormPost } from '../lib/form-data.ts';

export const meta: MetaFunction = () => [{ title: 'Remote · Real-time · Kyros' }];

const COMMAND_EVENTS = { type: ['channel_command'] };

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({
    events: (await api.latestEvents({ ...COMMAND_EVENTS, limit: 30 })).events,
  }));
}

const TicketRequest = z.object({ intent: z.literal('ticket') });

/**
 * A single-use WebSocket ticket for this user (30 s; it acts as the signed-in user). The browser
 * connects to the channel hub with it and never sees the API credential.
 */
export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    parseFormPost(TicketRequest, await request.formData(), 'ticket request');
    try {
      return { ok: true as const, ...(await api.channels.issueWsTicket()) };
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function RemoteRealTime() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
      <CommandConsole ticketAction="/remote?index" />
      <div data-testid="remote-activity">
        <LiveEventFeed initial={events} filter={COMMAND_EVENTS} />
      </div>
    </div>
  );
}
