import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { logSearch, type LogSelection } from '../../lib/trigger-log.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { WebhookActions } from './webhook-actions.tsx';

/**
 * One inbound webhook or outbound subscription: its name and state, what it is (`details`, rows
 * of a definition list), its actions, and its delivery log when that is open (`log`).
 */
export function WebhookCard({
  selection,
  name,
  enabled,
  testId,
  idAttribute,
  details,
  log,
}: {
  selection: LogSelection;
  name: string;
  enabled: boolean;
  testId: string;
  /** The data attribute that carries the id, for tests: `data-webhook-id` or `data-subscription-id`. */
  idAttribute: `data-${string}`;
  details: ReactNode;
  log: ReactNode | null;
}) {
  return (
    <li
      className="rounded-xl border border-line bg-canvas/40 p-4"
      data-testid={testId}
      {...{ [idAttribute]: selection.id }}
      data-enabled={enabled}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <h3 className="font-mono text-sm font-semibold text-fg">{name}</h3>
          <Badge tone={enabled ? 'good' : 'warn'} dot>
            {enabled ? 'enabled' : 'disabled'}
          </Badge>
        </div>
        <Link
          to={log ? '.' : logSearch(selection)}
          preventScrollReset
          data-testid="webhook-log-toggle"
          className={buttonClass('ghost', '!px-2 !py-1 text-xs')}
        >
          {log ? 'Hide log' : 'Delivery log'}
        </Link>
      </header>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_minmax(0,1fr)]">
        {details}
      </dl>
      <div className="mt-3">
        <WebhookActions {...selection} name={name} enabled={enabled} />
      </div>
      {log ? <div className="mt-3">{log}</div> : null}
    </li>
  );
}
