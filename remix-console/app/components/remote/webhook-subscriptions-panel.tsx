import type { WebhookDelivery, WebhookSubscription } from '@kyros/contracts/schemas/webhooks';
import { useCreateForm } from '../../lib/use-create-form.ts';
import { buttonClass } from '../ui/button.ts';
import { CONTROL, EmptyNote, Field, FormError } from '../ui/form-field.tsx';
import { SecretOnce } from '../ui/secret-once.tsx';
import { OutboundDeliveryLog } from './delivery-log.tsx';
import { useCreatedSecret, type TriggerResult } from './webhook-actions.tsx';
import { WebhookCard } from './webhook-card.tsx';

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
  const { create, result, errors, formRef, busy } = useCreateForm<TriggerResult>('outbound-create');
  const created = useCreatedSecret(result, 'outbound');
  const fields = [
    { name: 'name', label: 'Name', placeholder: 'board-mirror' },
    { name: 'url', label: 'URL', placeholder: 'https://example.com/kyros', type: 'url' },
    {
      name: 'event_types',
      label: 'Event types',
      placeholder: 'task_transitioned, channel_command or *',
      defaultValue: 'task_transitioned',
    },
  ] as const;
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
        {fields.map((field) => {
          const id = `outbound-${field.name === 'event_types' ? 'events' : field.name}`;
          return (
            <Field key={field.name} id={id} label={field.label}>
              <input
                id={id}
                name={field.name}
                type={'type' in field ? field.type : 'text'}
                placeholder={field.placeholder}
                defaultValue={'defaultValue' in field ? field.defaultValue : undefined}
                data-testid={id}
                className={`${CONTROL} font-mono`}
                aria-invalid={errors[field.name] ? true : undefined}
              />
            </Field>
          );
        })}
        <button
          type="submit"
          disabled={busy}
          data-testid="outbound-create"
          className={buttonClass('primary')}
        >
          {busy ? 'Creating…' : 'Subscribe'}
        </button>
        <p className="text-xs text-muted sm:col-span-4">
          Events appended from now on whose type matches are POSTed with Standard Webhooks signature
          headers by a Temporal workflow that retries with backoff.
        </p>
        <FormError testId="outbound-form-error" span="sm:col-span-4">
          {errors.name ?? errors.url ?? errors.event_types}
        </FormError>
      </create.Form>
      {created ? (
        <SecretOnce secret={created.secret} testId="outbound">
          Subscription created: verify its deliveries with this secret.
        </SecretOnce>
      ) : null}
      {subscriptions.length === 0 ? (
        <EmptyNote testId="outbound-empty">
          No subscription yet. Send task moves or channel commands to another system as they happen.
        </EmptyNote>
      ) : (
        <ul className="space-y-3" data-testid="outbound-list">
          {subscriptions.map((subscription) => (
            <WebhookCard
              key={subscription.id}
              selection={{ kind: 'outbound', id: subscription.id }}
              name={subscription.name}
              enabled={subscription.enabled}
              testId="outbound-subscription"
              idAttribute="data-subscription-id"
              details={
                <>
                  <dt className="text-subtle">URL</dt>
                  <dd className="truncate font-mono text-muted">{subscription.url}</dd>
                  <dt className="text-subtle">Events</dt>
                  <dd className="font-mono text-muted">{subscription.event_types.join(', ')}</dd>
                </>
              }
              log={
                log?.id === subscription.id ? (
                  <OutboundDeliveryLog deliveries={log.deliveries} now={now} />
                ) : null
              }
            />
          ))}
        </ul>
      )}
    </div>
  );
}
