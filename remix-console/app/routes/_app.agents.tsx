import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { AgentsTable } from '../components/agents-table.tsx';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { presenceOf } from '../lib/agent-presence.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';

export const meta: MetaFunction = () => [{ title: 'Agents · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const { agents } = await api.listAgents();
    return { agents, now: Date.now() };
  });
}

const AvailabilityForm = z.object({
  intent: z.literal('availability'),
  id: z.string().min(1),
  etag: z.string().min(1),
  available: z.enum(['true', 'false']).transform((value) => value === 'true'),
});

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = AvailabilityForm.parse(Object.fromEntries(await request.formData()));
    try {
      const { agent } = await api.patchAgent(
        form.id,
        { available: form.available },
        { ifMatch: form.etag },
      );
      return {
        ok: true as const,
        message: `${agent.name} is ${agent.available ? 'available' : 'unavailable'} for new tasks`,
      };
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function AgentsPage() {
  const { agents, now } = useLoaderData<typeof loader>();
  useLiveRevalidate((event) => event.event.startsWith('agent'));
  const busy = agents.filter(({ agent }) => presenceOf(agent, now) === 'busy').length;
  const available = agents.filter(({ agent }) => agent.available).length;
  return (
    <>
      <PageHeader
        eyebrow="Team"
        title="Agents"
        description={
          agents.length > 0
            ? `${agents.length} registered · ${busy} busy · ${available} available for new tasks`
            : 'The AI agents and people that claim tasks on this board.'
        }
      />
      {agents.length === 0 ? (
        <EmptyState title="No agents have registered yet">
          Agents appear here once they send their first heartbeat (
          <code className="font-mono">POST /collab/agents/&#123;id&#125;/heartbeat</code>) or are
          listed in the collaboration directory&apos;s{' '}
          <code className="font-mono">state/agents.json</code>.
        </EmptyState>
      ) : (
        <AgentsTable rows={agents} now={now} />
      )}
    </>
  );
}
