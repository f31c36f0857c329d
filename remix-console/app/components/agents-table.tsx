import type { Agent } from '@kyros/contracts/schemas/collab-agents';
import { useFetcher } from '@remix-run/react';
import { presenceOf } from '../lib/agent-presence.ts';
import { useActionToast, type ActionResult } from '../lib/use-action-toast.ts';
import { useNow } from '../lib/use-now.ts';
import { timeAgo } from '../lib/time.ts';
import { Badge, type BadgeTone } from './ui/badge.tsx';
import { roleBlock } from '../lib/roles.ts';
import { useRole } from '../lib/use-role.ts';

export interface AgentRow {
  agent: Agent;
  etag: string;
}

const STATUS_TONES: Record<Agent['status'], BadgeTone> = {
  idle: 'good',
  busy: 'info',
  offline: 'neutral',
};

export function AgentsTable({ rows, now }: { rows: AgentRow[]; now: number }) {
  const ticking = useNow(5000, now);
  return (
    <div className="overflow-hidden rounded-2xl border border-line bg-surface">
      <table className="w-full text-left text-sm" data-testid="agents-table">
        <thead className="border-b border-line bg-sunken/60 text-[11px] uppercase tracking-wider text-subtle">
          <tr>
            <th scope="col" className="px-5 py-3 font-medium">
              Agent
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Role
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Skills
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-5 py-3 font-medium">
              Last seen
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              Available
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <AgentTableRow key={row.agent.id} row={row} now={ticking} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgentTableRow({ row: { agent, etag }, now }: { row: AgentRow; now: number }) {
  const fetcher = useFetcher<ActionResult>();
  const readOnly = roleBlock(useRole(), 'agent', 'change availability');
  useActionToast(fetcher.data);
  const pending = fetcher.formData?.get('available');
  const available =
    pending === undefined || pending === null ? agent.available : pending === 'true';
  // A silent agent is offline, whatever it last reported (app/lib/agent-presence.ts).
  const status = presenceOf(agent, now);
  const lastSeen = timeAgo(agent.last_seen, now);
  return (
    <tr
      data-testid={`agent-row-${agent.id}`}
      data-available={available}
      data-status={status}
      className="hover:bg-raised/40"
    >
      <td className="px-5 py-3.5">
        <div className="flex items-center gap-3">
          <span
            aria-hidden="true"
            className="grid size-8 place-items-center rounded-lg bg-raised font-mono text-xs font-semibold text-accent-fg ring-1 ring-line"
          >
            {agent.name.slice(0, 2).toUpperCase()}
          </span>
          <div className="min-w-0">
            <p className="font-medium text-fg">{agent.name}</p>
            <p className="font-mono text-xs text-subtle">{agent.id}</p>
          </div>
        </div>
      </td>
      <td className="px-5 py-3.5 text-muted" data-testid="agent-role">
        {agent.role}
      </td>
      <td className="px-5 py-3.5">
        <div className="flex max-w-xs flex-wrap gap-1" data-testid="agent-skills">
          {agent.skills.length === 0 ? <span className="text-xs text-subtle">—</span> : null}
          {agent.skills.map((skill) => (
            <span
              key={skill}
              className="rounded-md bg-raised px-1.5 py-0.5 font-mono text-[11px] text-muted ring-1 ring-line"
            >
              {skill}
            </span>
          ))}
        </div>
      </td>
      <td className="px-5 py-3.5">
        <Badge
          tone={STATUS_TONES[status]}
          dot
          testId="agent-status"
          title={
            status === agent.status
              ? undefined
              : `No heartbeat since ${lastSeen}; last reported ${agent.status}`
          }
        >
          {status}
        </Badge>
      </td>
      <td
        className={`px-5 py-3.5 ${status === 'offline' ? 'text-subtle' : 'text-muted'}`}
        data-testid="agent-last-seen"
      >
        <time dateTime={agent.last_seen} title={agent.last_seen}>
          {lastSeen}
        </time>
      </td>
      <td className="px-5 py-3.5 text-right">
        <fetcher.Form method="post" className="inline-flex">
          <input type="hidden" name="intent" value="availability" />
          <input type="hidden" name="id" value={agent.id} />
          <input type="hidden" name="etag" value={etag} />
          <input type="hidden" name="available" value={String(!available)} />
          <button
            type="submit"
            role="switch"
            aria-checked={available}
            disabled={Boolean(readOnly)}
            title={readOnly}
            aria-label={`${agent.name} is available for new tasks`}
            data-testid="agent-availability"
            className={`focus-ring relative h-6 w-11 rounded-full transition-colors ${
              available ? 'bg-emerald-500' : 'bg-line-strong'
            }`}
          >
            <span
              aria-hidden="true"
              className={`absolute left-0 top-0.5 size-5 rounded-full bg-white shadow transition-transform ${
                available ? 'translate-x-5' : 'translate-x-0.5'
              }`}
            />
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}
