import type { InboundWebhookMessage, WebhookDelivery } from '@kyros/contracts/schemas/webhooks';
import type { ReactNode } from 'react';
import { useAutoRevalidate } from '../../lib/use-auto-revalidate.ts';
import { timeAgo } from '../../lib/time.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';

const OUTCOME_TONES: Record<string, BadgeTone> = {
  ok: 'good',
  refused: 'warn',
  failed: 'bad',
  delivered: 'good',
  pending: 'info',
};

const CELL = 'px-3 py-2 align-top';
const HEAD = 'px-3 py-2 font-medium';

/** An inbound webhook's log: each accepted message and the command it ran (refusals are never kept). */
export function InboundMessageLog({
  messages,
  now,
}: {
  messages: InboundWebhookMessage[];
  now: number;
}) {
  if (messages.length === 0) {
    return <EmptyLog>No message yet. Test-fire it, or sign a POST to its URL.</EmptyLog>;
  }
  return (
    <LogTable headings={['Received', 'Message id', 'Command', 'Outcome', 'Latency']}>
      {messages.map((message) => (
        <tr
          key={message.message_id}
          data-testid="delivery-log-row"
          data-message-id={message.message_id}
          data-outcome={message.command?.outcome ?? 'running'}
        >
          <td className={`${CELL} whitespace-nowrap text-muted`} title={message.received_at}>
            {timeAgo(message.received_at, now)}
          </td>
          <td className={`${CELL} max-w-40 truncate font-mono text-subtle`}>
            {message.message_id}
          </td>
          <td className={`${CELL} font-mono text-fg`}>
            {message.command ? (
              <>
                <span className="break-all">{message.command.text}</span>
                <span className="mt-0.5 block font-sans text-muted">{message.command.title}</span>
              </>
            ) : (
              <span className="text-subtle">running…</span>
            )}
          </td>
          <td className={CELL}>
            {message.command ? (
              <Badge tone={OUTCOME_TONES[message.command.outcome]}>{message.command.outcome}</Badge>
            ) : null}
          </td>
          <td className={`${CELL} whitespace-nowrap font-mono text-muted`}>
            {message.command ? `${message.command.latency_ms} ms` : '—'}
          </td>
        </tr>
      ))}
    </LogTable>
  );
}

/** An outbound subscription's log; reloaded every second while a delivery is still pending. */
export function OutboundDeliveryLog({
  deliveries,
  now,
}: {
  deliveries: WebhookDelivery[];
  now: number;
}) {
  if (deliveries.length === 0) {
    return <EmptyLog>No delivery yet. Test-fire it, or wait for a matching event.</EmptyLog>;
  }
  return (
    <>
      {deliveries.some((delivery) => delivery.status === 'pending') ? <ReloadWhilePending /> : null}
      <LogTable headings={['Created', 'Event', 'Status', 'Tries', 'Answer', 'Latency']}>
        {deliveries.map((delivery) => (
          <tr
            key={delivery.id}
            data-testid="delivery-log-row"
            data-delivery-id={delivery.id}
            data-outcome={delivery.status}
          >
            <td className={`${CELL} whitespace-nowrap text-muted`} title={delivery.created_at}>
              {timeAgo(delivery.created_at, now)}
            </td>
            <td className={`${CELL} font-mono text-fg`}>
              {delivery.event_type}
              {delivery.event_id === null ? null : (
                <span className="text-subtle"> #{delivery.event_id}</span>
              )}
            </td>
            <td className={CELL}>
              <Badge tone={OUTCOME_TONES[delivery.status]}>{delivery.status}</Badge>
            </td>
            <td className={`${CELL} font-mono text-muted`}>{delivery.attempts}</td>
            <td className={`${CELL} font-mono text-muted`}>
              {delivery.last_status_code ?? '—'}
              {delivery.last_error ? (
                <span className="mt-0.5 block break-all font-sans text-rose-600 dark:text-rose-300">
                  {delivery.last_error}
                </span>
              ) : null}
            </td>
            <td className={`${CELL} whitespace-nowrap font-mono text-muted`}>
              {delivery.latency_ms === null ? '—' : `${delivery.latency_ms} ms`}
            </td>
          </tr>
        ))}
      </LogTable>
    </>
  );
}

function ReloadWhilePending() {
  useAutoRevalidate(1000);
  return null;
}

function LogTable({ headings, children }: { headings: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-line">
      <table className="w-full text-left text-xs" data-testid="delivery-log">
        <thead className="border-b border-line bg-sunken/60 text-[10px] uppercase tracking-wider text-subtle">
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col" className={HEAD}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">{children}</tbody>
      </table>
    </div>
  );
}

function EmptyLog({ children }: { children: ReactNode }) {
  return (
    <p
      className="rounded-xl border border-dashed border-line-strong px-4 py-4 text-center text-xs text-muted"
      data-testid="delivery-log-empty"
    >
      {children}
    </p>
  );
}
