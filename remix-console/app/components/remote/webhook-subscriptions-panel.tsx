import type { WebhookDelivery, WebhookSubscription } from '@kyros/contracts/schemas/webhooks';
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { logSearch } from '../../lib/trigger-log.ts';
import { useActionToast } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { SecretOnce } from '../ui/secret-once.tsx';
import { OutboundDeliveryLog } from './delivery-log.tsx';
import { CONTROL } from './inbound-webhooks-panel.tsx';
import { useCreatedSecret, WebhookActions, type TriggerResult } from './webhook-actions.tsx';

/** Outbound subscriptions (admin): events POSTed to a URL, signed; test-fire, rotate, the log. */
export function WebhookSubscriptionsPanel({
  subscriptions,
  log,
  now,
}: {
  subscriptions: WebhookSubscription[];
  log: { id: string; deliveries: WebhookDelivery[] } | null;
  now: number;
}) {
  const create = useFetcher<TriggerResult>({ key: 'outbound-create' });
  const result = create.data;
  useActionToast(result && !result.errors ? result : undefined);
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  const created = useCreatedSecret(result, 'outbound');
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (create.state === 'idle' && result?.ok) formRef.current?.reset();
  }, [create.state, result]);
  const error = errors.name ?? errors.url ?? errors.event_types;
  return (
    <div className="space-y-4">
      <create.Form
        ref={formRef}
        method="post"
        noValidate
        data-testid="outbound-form"
        className="grid items-end gap-3 sm:grid-cols-[1fr_1.4fr_1fr_auto]"
      >
        <input type="hidden" name="intent" value="outbound-create" />
        <div>
          <label htmlFor="outbound-name" className="mb-1 block text-sm font-medium text-fg">
            Name
          </label>
          <input
            id="outbound-name"
            name="name"
            placeholder="board-mirror"
            data-testid="outbound-name"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.name ? true : undefined}
          />
        </div>
        <div>
          <label htmlFor="outbound-url" className="mb-1 block text-sm font-medium text-fg">
            URL
          </label>
          <input
            id="outbound-url"
            name="url"
            type="url"
            placeholder="https://example.com/kyros"
            data-testid="outbound-url"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.url ? true : undefined}
          />
        </div>
        <div>
          <label htmlFor="outbound-events" className="mb-1 block text-sm font-medium text-fg">
            Event types
          </label>
          <input
            id="outbound-events"
            name="event_types"
            defaultValue="task_transitioned"
            placeholder="task_transitioned, channel_command or *"
            data-testid="outbound-events"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.event_types ? true : undefined}
          />
        </div>
        <button
          type="submit"
          disabled={create.state !== 'idle'}
          data-testid="outbound-create"
          className={buttonClass('primary')}
        >
          {create.state !== 'idle' ? 'Creating…' : 'Subscribe'}
        </button>
        <p className="text-xs text-muted sm:col-span-4">
          Events appended from now on whose type matches are POSTed with Standard Webhooks signature
          headers by a Temporal workflow that retries with backoff.
        </p>
        {error ? (
          <p
            className="text-xs text-rose-600 sm:col-span-4 dark:text-rose-300"
            data-testid="outbound-form-error"
          >
            {error}
          </p>
        ) : null}
      </create.Form>
      {created ? (
        <SecretOnce secret={created.secret} testId="outbound">
          Subscription created: verify its deliveries with this secret.
        </SecretOnce>
      ) : null}
      {subscriptions.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted"
          data-testid="outbound-empty"
        >
          No subscription yet. Send task moves or channel commands to another system as they happen.
        </p>
      ) : (
        <ul className="space-y-3" data-testid="outbound-list">
          {subscriptions.map((subscription) => (
            <SubscriptionRow
              key={subscription.id}
              subscription={subscription}
              log={log?.id === subscription.id ? log.deliveries : null}
              now={now}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function SubscriptionRow({
  subscription,
  log,
  now,
}: {
  subscription: WebhookSubscription;
  log: WebhookDelivery[] | null;
  now: number;
}) {
  const selection = { kind: 'outbound' as const, id: subscription.id };
  return (
    <li
      className="rounded-xl border border-line bg-canvas/40 p-4"
      data-testid="outbound-subscription"
      data-subscription-id={subscription.id}
      data-enabled={subscription.enabled}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <h3 className="font-mono text-sm font-semibold text-fg">{subscription.name}</h3>
          <Badge tone={subscription.enabled ? 'good' : 'warn'} dot>
            {subscription.enabled ? 'enabled' : 'disabled'}
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
        <dt className="text-subtle">URL</dt>
        <dd className="truncate font-mono text-muted">{subscription.url}</dd>
        <dt className="text-subtle">Events</dt>
        <dd className="font-mono text-muted">{subscription.event_types.join(', ')}</dd>
      </dl>
      <div className="mt-3">
        <WebhookActions {...selection} name={subscription.name} enabled={subscription.enabled} />
      </div>
      {log ? (
        <div className="mt-3">
          <OutboundDeliveryLog deliveries={log} now={now} />
        </div>
      ) : null}
    </li>
  );
}
