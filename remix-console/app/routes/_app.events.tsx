import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { EventFilters } from '../components/events/event-filters.tsx';
import { HumanLogPanel } from '../components/events/human-log-panel.tsx';
import { LiveEventFeed } from '../components/events/live-event-feed.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { filterFromSearchParams } from '../lib/event-filter.ts';
import { useActionToast, type ActionResult } from '../lib/use-action-toast.ts';

export const meta: MetaFunction = () => [{ title: 'Events · Kyros' }];

const RECENT = 200;

export function loader({ request, context }: LoaderFunctionArgs) {
  const filter = filterFromSearchParams(new URL(request.url).searchParams);
  return withApi(request, context, async ({ api }) => ({
    filter,
    // Read from the end of the log: the cost stays that of RECENT events however long it grows.
    events: (await api.latestEvents({ ...filter, limit: RECENT })).events,
  }));
}

export function action({ request, context }: ActionFunctionArgs) {
  const filter = filterFromSearchParams(new URL(request.url).searchParams);
  return withApi(request, context, async ({ api }) => {
    try {
      const log = await api.generateLog(filter);
      return {
        ok: true as const,
        message: `Human log generated from ${log.event_count} event${
          log.event_count === 1 ? '' : 's'
        }`,
        markdown: log.markdown,
        eventCount: log.event_count,
      };
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function EventsPage() {
  const { filter, events } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const generate = useFetcher<ActionResult & { markdown?: string; eventCount?: number }>();
  useActionToast(generate.data);
  const [log, setLog] = useState<{ markdown: string; eventCount: number } | undefined>();
  useEffect(() => {
    const result = generate.data;
    if (result?.ok && result.markdown !== undefined) {
      setLog({ markdown: result.markdown, eventCount: result.eventCount ?? 0 });
    }
  }, [generate.data]);
  // A new filter is a new list: remount the feed so its live state starts from the new events.
  const feedKey = JSON.stringify(filter);
  const query = new URLSearchParams(filterToQuery(filter)).toString();
  return (
    <>
      <PageHeader
        eyebrow="Activity"
        title="Events"
        description="The append-only log every agent, person and workflow writes to, as it happens."
        actions={
          <generate.Form method="post" action={query ? `?${query}` : undefined}>
            <button
              type="submit"
              data-testid="generate-log"
              disabled={generate.state !== 'idle'}
              className={buttonClass('secondary')}
            >
              {generate.state !== 'idle' ? 'Generating…' : 'Generate human log'}
            </button>
          </generate.Form>
        }
      />
      <div className="space-y-4">
        <EventFilters key={`filters:${feedKey}`} filter={filter} />
        {log ? (
          <HumanLogPanel
            markdown={log.markdown}
            eventCount={log.eventCount}
            onClose={() => setLog(undefined)}
          />
        ) : null}
        <LiveEventFeed
          key={`feed:${feedKey}`}
          initial={events}
          filter={filter}
          onReset={() => revalidator.revalidate()}
        />
      </div>
    </>
  );
}

function filterToQuery(filter: Record<string, string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).flatMap(([key, values]) => (values ? [[key, values.join(',')]] : [])),
  );
}
