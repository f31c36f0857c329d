import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import { formatCountdown } from '../lib/time.ts';
import { Badge } from './ui/badge.tsx';

/** A lease is stale once its TTL has run out without a heartbeat; anyone may reclaim it then. */
export function isStale(lease: Lease, now: number): boolean {
  return Date.parse(lease.expires_at) <= now;
}

export function LeasesTable({ leases, now }: { leases: Lease[]; now: number }) {
  return (
    <div className="overflow-hidden rounded-2xl border border-line bg-surface">
      <table className="w-full text-left text-sm" data-testid="leases-table">
        <thead className="border-b border-line bg-sunken/60 text-[11px] uppercase tracking-wider text-subtle">
          <tr>
            <th scope="col" className="px-5 py-3 font-medium">
              Resource
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Holder
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Task
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Fence
            </th>
            <th scope="col" className="w-56 px-5 py-3 font-medium">
              Time left
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {leases.map((lease) => (
            <LeaseRow key={lease.lock_id} lease={lease} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LeaseRow({ lease, now }: { lease: Lease; now: number }) {
  const stale = isStale(lease, now);
  const leftMs = Date.parse(lease.expires_at) - now;
  const fraction = Math.max(0, Math.min(1, leftMs / (lease.ttl_seconds * 1000)));
  const urgent = !stale && fraction < 0.25;
  return (
    <tr
      data-testid={`lease-row-${lease.lock_id}`}
      data-stale={stale}
      className={stale ? 'bg-rose-500/[0.06]' : 'hover:bg-raised/40'}
    >
      <td className="px-5 py-3.5">
        <p className="font-mono text-[13px] text-fg" data-testid="lease-resource">
          {lease.resource}
        </p>
        <p className="mt-0.5 font-mono text-[11px] text-subtle">{lease.lock_id}</p>
      </td>
      <td className="px-5 py-3.5 text-muted" data-testid="lease-holder">
        {lease.holder}
      </td>
      <td className="px-5 py-3.5">
        {lease.task_id ? (
          <span className="font-mono text-xs text-accent-fg">{lease.task_id}</span>
        ) : (
          <span className="text-xs text-subtle">—</span>
        )}
      </td>
      <td className="px-5 py-3.5 font-mono text-xs text-muted">#{lease.fencing_token}</td>
      <td className="px-5 py-3.5">
        {stale ? (
          <Badge tone="bad" dot testId="lease-stale">
            Stale · expired {formatCountdown(-leftMs)} ago
          </Badge>
        ) : (
          <div className="space-y-1.5">
            <p
              className={`font-mono text-sm tabular-nums ${
                urgent ? 'text-amber-600 dark:text-amber-300' : 'text-fg'
              }`}
              data-testid="lease-ttl"
              aria-label={`${Math.ceil(leftMs / 1000)} seconds left of ${lease.ttl_seconds}`}
            >
              {formatCountdown(leftMs)}
              <span className="ml-1.5 text-[11px] text-subtle">
                of {formatCountdown(lease.ttl_seconds * 1000)}
              </span>
            </p>
            <div aria-hidden="true" className="h-1 overflow-hidden rounded-full bg-raised">
              <div
                className={`h-full rounded-full ${urgent ? 'bg-amber-400' : 'bg-emerald-400'}`}
                style={{ width: `${fraction * 100}%` }}
              />
            </div>
          </div>
        )}
      </td>
    </tr>
  );
}
