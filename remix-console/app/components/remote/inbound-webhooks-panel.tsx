import type { InboundWebhook, InboundWebhookMessage } from '@kyros/contracts/schemas/webhooks';
import { timeAgo } from '../../lib/time.ts';
import { useCreateForm } from '../../lib/use-create-form.ts';
import { buttonClass } from '../ui/button.ts';
import { CONTROL, EmptyNote, Field, FormError } from '../ui/form-field.tsx';
import { SecretOnce } from '../ui/secret-once.tsx';
import { InboundMessageLog } from './delivery-log.tsx';
import { useCreatedSecret, type TriggerResult } from './webhook-actions.tsx';
import { WebhookCard } from './webhook-card.tsx';

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
  const { create, result, errors, formRef, busy } = useCreateForm<TriggerResult>('inbound-create');
  const created = useCreatedSecret(result, 'inbound');
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
        <Field id="inbound-name" label="Name">
          <input
            id="inbound-name"
            name="name"
            placeholder="ci-deploys"
            data-testid="inbound-name"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.name ? true : undefined}
          />
        </Field>
        <Field id="inbound-acts-as" label="Acts as">
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
        </Field>
        <button
          type="submit"
          disabled={busy}
          data-testid="inbound-create"
          className={buttonClass('primary')}
        >
          {busy ? 'Creating…' : 'Create webhook'}
        </button>
        <p className="text-xs text-muted sm:col-span-3">
          Its messages run as this principal, with its role; a message never says who it is.
        </p>
        <FormError testId="inbound-form-error" span="sm:col-span-3">
          {errors.name ?? errors.acts_as}
        </FormError>
      </create.Form>
      {created ? (
        <SecretOnce secret={created.secret} testId="inbound">
          Webhook created.
        </SecretOnce>
      ) : null}
      {webhooks.length === 0 ? (
        <EmptyNote testId="inbound-empty">
          No inbound webhook yet. A CI job or a third-party service signs its POSTs with one.
        </EmptyNote>
      ) : (
        <ul className="space-y-3" data-testid="inbound-list">
          {webhooks.map((webhook) => (
            <InboundCard
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

function InboundCard({
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
  return (
    <WebhookCard
      selection={{ kind: 'inbound', id: webhook.id }}
      name={webhook.name}
      enabled={webhook.enabled}
      testId="inbound-webhook"
      idAttribute="data-webhook-id"
      details={
        <>
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
        </>
      }
      log={log ? <InboundMessageLog messages={log} now={now} /> : null}
    />
  );
}

/** A binding no longer in the picker (its user disabled, its key revoked) still says what it was. */
function describeBinding(webhook: InboundWebhook): string {
  const binding = webhook.acts_as;
  return 'user_id' in binding
    ? `user ${binding.user_id} (cannot act)`
    : `key ${binding.api_key_id} (cannot act)`;
}
