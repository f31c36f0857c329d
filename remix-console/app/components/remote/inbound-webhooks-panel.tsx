import type { InboundWebhook, InboundWebhookMessage } from '@kyros/contracts/schemas/webhooks';
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { logSearch } from '../../lib/trigger-log.ts';
import { timeAgo } from '../../lib/time.ts';
import { useActionToast } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { SecretOnce } from '../ui/secret-once.tsx';
import { InboundMessageLog } from './delivery-log.tsx';
import { useCreatedSecret, WebhookActions, type TriggerResult } from './webhook-actions.tsx';

export const CONTROL =
  'focus-ring w-full rounded-lg border border-line-strong bg-canvas px-3 py-2 text-sm text-fg placeholder:text-subtle aria-[invalid=true]:border-rose-500';

export interface Principal {
  value: string;
  label: string;
}

/** Inbound webhooks (admin): create one bound to a principal, then test-fire, rotate, read its log. */
export function InboundWebhooksPanel({
  webhooks,
  principals,
  log,
  now,
}: {
  webhooks: InboundWebhook[];
  principals: Principal[];
  /** The open delivery log, when it is one of these webhooks'. */
  log: { id: string; messages: InboundWebhookMessage[] } | null;
  now: number;
}) {
  const create = useFetcher<TriggerResult>({ key: 'inbound-create' });
  const result = create.data;
  useActionToast(result && !result.errors ? result : undefined);
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  const created = useCreatedSecret(result, 'inbound');
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (create.state === 'idle' && result?.ok) formRef.current?.reset();
  }, [create.state, result]);
  return (
    <div className="space-y-4">
      <create.Form
        ref={formRef}
        method="post"
        noValidate
        data-testid="inbound-form"
        className="grid items-end gap-3 sm:grid-cols-[1fr_1.4fr_auto]"
      >
        <input type="hidden" name="intent" value="inbound-create" />
        <div>
          <label htmlFor="inbound-name" className="mb-1 block text-sm font-medium text-fg">
            Name
          </label>
          <input
            id="inbound-name"
            name="name"
            placeholder="ci-deploys"
            data-testid="inbound-name"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.name ? true : undefined}
          />
        </div>
        <div>
          <label htmlFor="inbound-acts-as" className="mb-1 block text-sm font-medium text-fg">
            Acts as
          </label>
          <select
            id="inbound-acts-as"
            name="acts_as"
            data-testid="inbound-acts-as"
            className={CONTROL}
            aria-invalid={errors.acts_as ? true : undefined}
            defaultValue=""
          >
            {/* No default: whom a webhook acts as is a decision, never an accident. */}
            <option value="" disabled>
              Choose a user or an API key…
            </option>
            {principals.map((principal) => (
              <option key={principal.value} value={principal.value}>
                {principal.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={create.state !== 'idle'}
          data-testid="inbound-create"
          className={buttonClass('primary')}
        >
          {create.state !== 'idle' ? 'Creating…' : 'Create webhook'}
        </button>
        <p className="text-xs text-muted sm:col-span-3">
          Its messages run as this principal, with its role; a message never says who it is.
        </p>
        {errors.name || errors.acts_as ? (
          <p
            className="text-xs text-rose-600 sm:col-span-3 dark:text-rose-300"
            data-testid="inbound-form-error"
          >
            {errors.name ?? errors.acts_as}
          </p>
        ) : null}
      </create.Form>
      {created ? (
        <SecretOnce secret={created.secret} testId="inbound">
          Webhook created.
        </SecretOnce>
      ) : null}
      {webhooks.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted"
          data-testid="inbound-empty"
        >
          No inbound webhook yet. A CI job or a third-party service signs its POSTs with one.
        </p>
      ) : (
        <ul className="space-y-3" data-testid="inbound-list">
          {webhooks.map((webhook) => (
            <InboundRow
              key={webhook.id}
              webhook={webhook}
              actsAs={principals.find((each) => each.value === bindingValue(webhook))?.label}
              log={log?.id === webhook.id ? log.messages : null}
              now={now}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function bindingValue(webhook: InboundWebhook): string {
  const binding = webhook.acts_as;
  return 'user_id' in binding ? `user:${binding.user_id}` : `key:${binding.api_key_id}`;
}

function InboundRow({
  webhook,
  actsAs,
  log,
  now,
}: {
  webhook: InboundWebhook;
  actsAs: string | undefined;
  log: InboundWebhookMessage[] | null;
  now: number;
}) {
  const selection = { kind: 'inbound' as const, id: webhook.id };
  return (
    <li
      className="rounded-xl border border-line bg-canvas/40 p-4"
      data-testid="inbound-webhook"
      data-webhook-id={webhook.id}
      data-enabled={webhook.enabled}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <h3 className="font-mono text-sm font-semibold text-fg">{webhook.name}</h3>
          <Badge tone={webhook.enabled ? 'good' : 'warn'} dot>
            {webhook.enabled ? 'enabled' : 'disabled'}
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
        <dd className="truncate font-mono text-muted" data-testid="inbound-url">
          {webhook.url}
        </dd>
        <dt className="text-subtle">Acts as</dt>
        <dd className="font-mono text-muted">{actsAs ?? describeBinding(webhook)}</dd>
        <dt className="text-subtle">Secret</dt>
        <dd className="text-muted" data-testid="inbound-rotated">
          {webhook.secret_rotated_at
            ? `rotated ${timeAgo(webhook.secret_rotated_at, now)}`
            : `since creation, ${timeAgo(webhook.created_at, now)}`}
        </dd>
      </dl>
      <div className="mt-3">
        <WebhookActions {...selection} name={webhook.name} enabled={webhook.enabled} />
      </div>
      {log ? (
        <div className="mt-3">
          <InboundMessageLog messages={log} now={now} />
        </div>
      ) : null}
    </li>
  );
}

/** A binding no longer in the picker (its user disabled, its key revoked) still says what it was. */
function describeBinding(webhook: InboundWebhook): string {
  const binding = webhook.acts_as;
  return 'user_id' in binding
    ? `user ${binding.user_id} (cannot act)`
    : `key ${binding.api_key_id} (cannot act)`;
}
