import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { isStale, LeasesTable } from '../components/leases-table.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { useActionToast, type ActionResult } from '../lib/use-action-toast.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { roleBlock } from '../lib/roles.ts';
import { useRole } from '../lib/use-role.ts';
import { GatedButton } from '../components/ui/gated-button.tsx';

export const meta: MetaFunction = () => [{ title: 'Leases · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const { data } = await api.getState('locks');
    return { leases: data.leases, now: Date.now() };
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => {
    try {
      const { reclaimed } = await api.reclaimLeases({ actor: `user:${user.email}` });
      return {
        ok: true as const,
        message:
          reclaimed.length === 0
            ? 'No stale leases to reclaim'
            : `Reclaimed ${reclaimed.length} stale lease${reclaimed.length === 1 ? '' : 's'}`,
        detail: reclaimed.map((lease) => lease.resource).join(', ') || undefined,
      };
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function LeasesPage() {
  const { leases, now: loadedAt } = useLoaderData<typeof loader>();
  const now = useNow(1000, loadedAt);
  const reclaim = useFetcher<ActionResult>();
  useActionToast(reclaim.data);
  useLiveRevalidate((event) => event.event.startsWith('lease'));
  const stale = leases.filter((lease) => isStale(lease, now)).length;
  const block = roleBlock(useRole(), 'agent', 'reclaim leases');
  return (
    <>
      <PageHeader
        eyebrow="Coordination"
        title="Leases"
        description="Who holds which files. A lease lives while its holder heartbeats; once its time runs out it is stale and may be reclaimed."
        actions={
          <reclaim.Form method="post">
            <GatedButton
              type="submit"
              block={block}
              data-testid="reclaim-stale"
              disabled={reclaim.state !== 'idle'}
              className={buttonClass(stale > 0 ? 'danger' : 'secondary')}
            >
              {reclaim.state !== 'idle'
                ? 'Reclaiming…'
                : `Reclaim stale${stale > 0 ? ` (${stale})` : ''}`}
            </GatedButton>
          </reclaim.Form>
        }
      />
      <div className="mb-4 flex gap-3 text-sm" data-testid="lease-summary">
        <Stat label="Active" value={leases.length - stale} />
        <Stat label="Stale" value={stale} tone={stale > 0 ? 'bad' : undefined} />
      </div>
      {leases.length === 0 ? (
        <EmptyState title="No leases are held" testId="leases-empty">
          When an agent or a task run acquires a lease on a path or glob, it shows up here with a
          live countdown. Agents take them with{' '}
          <code className="font-mono">POST /collab/leases/acquire</code>.
        </EmptyState>
      ) : (
        <LeasesTable leases={leases} now={now} />
      )}
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'bad' }) {
  return (
    <div
      className="rounded-xl border border-line bg-surface px-4 py-2.5"
      data-testid={`lease-count-${label.toLowerCase()}`}
    >
      <p className="text-[11px] uppercase tracking-wider text-subtle">{label}</p>
      <p
        className={`text-xl font-semibold tabular-nums ${
          tone === 'bad' ? 'text-rose-600 dark:text-rose-300' : 'text-fg'
        }`}
      >
        {value}
      </p>
    </div>
  );
}
