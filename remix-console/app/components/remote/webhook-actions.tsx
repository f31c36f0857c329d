import { useFetcher, useNavigate, type FetcherWithComponents } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { logSearch, type LogSelection } from '../../lib/trigger-log.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { buttonClass, type ButtonVariant } from '../ui/button.ts';
import { SecretOnce } from '../ui/secret-once.tsx';

/** What the Triggers action answers; a create or a rotation carries the secret, shown once. */
export type TriggerResult = ActionResult & {
  secret?: LogSelection & { secret: string };
  fired?: LogSelection;
  errors?: Record<string, string>;
};

const SMALL = '!px-2.5 !py-1 text-xs';

/**
 * A webhook's or subscription's buttons: test-fire (inbound: with an optional command), rotate
 * the secret (the new one shown once), switch on or off, delete. Each shows its progress; a
 * test-fire opens the delivery log to show what it did.
 */
export function WebhookActions({
  kind,
  id,
  name,
  enabled,
}: LogSelection & { name: string; enabled: boolean }) {
  const test = useFetcher<TriggerResult>({ key: `test-${id}` });
  const rotate = useFetcher<TriggerResult>({ key: rotateKey(id) });
  const toggle = useFetcher<TriggerResult>();
  const remove = useFetcher<TriggerResult>();
  useActionToastOf(test.data);
  useActionToastOf(rotate.data);
  useActionToastOf(toggle.data);
  useActionToastOf(remove.data);
  const navigate = useNavigate();
  const fired = test.state === 'idle' ? test.data?.fired : undefined;
  useEffect(() => {
    if (fired) navigate(logSearch(fired), { replace: true, preventScrollReset: true });
  }, [fired, navigate]);
  const rotated = rotate.data?.secret;
  const target = { kind, id };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <IntentForm
          fetcher={test}
          intent="test-fire"
          target={target}
          button={{
            testId: 'webhook-test-fire',
            tone: 'secondary',
            label: 'Test-fire',
            busy: 'Firing…',
          }}
        >
          {kind === 'inbound' ? (
            <>
              <label htmlFor={`test-text-${id}`} className="sr-only">
                Command to test-fire
              </label>
              <input
                id={`test-text-${id}`}
                name="text"
                placeholder="help"
                maxLength={2000}
                data-testid="webhook-test-text"
                className="focus-ring w-44 rounded-lg border border-line-strong bg-canvas px-2.5 py-1 font-mono text-xs text-fg placeholder:text-subtle"
              />
            </>
          ) : null}
        </IntentForm>
        <IntentForm
          fetcher={rotate}
          intent="rotate"
          target={target}
          confirm={`Rotate the secret of ${name}? The old one stops working at once.`}
          button={{
            testId: 'webhook-rotate',
            tone: 'secondary',
            label: 'Rotate secret',
            busy: 'Rotating…',
          }}
        />
        <IntentForm
          fetcher={toggle}
          intent="toggle"
          target={target}
          button={{
            testId: 'webhook-toggle',
            tone: 'ghost',
            label: enabled ? 'Disable' : 'Enable',
            busy: 'Saving…',
          }}
        >
          <input type="hidden" name="enabled" value={String(!enabled)} />
        </IntentForm>
        <IntentForm
          fetcher={remove}
          intent="delete"
          target={target}
          confirm={`Delete ${name}? Its URL and log go with it.`}
          button={{ testId: 'webhook-delete', tone: 'danger', label: 'Delete', busy: 'Deleting…' }}
        />
      </div>
      {rotated && rotated.id === id ? (
        <SecretOnce secret={rotated.secret} testId={kind}>
          New secret for <code className="font-mono">{name}</code>; the old one is refused from now
          on.
        </SecretOnce>
      ) : null}
    </div>
  );
}

/**
 * One action's form: its intent and target as hidden fields, any `children` fields, and a submit
 * button that says when it is busy; with `confirm`, the browser asks before it is sent.
 */
function IntentForm({
  fetcher,
  intent,
  target,
  confirm,
  button,
  children,
}: {
  fetcher: FetcherWithComponents<unknown>;
  intent: string;
  target: LogSelection;
  confirm?: string;
  button: { testId: string; tone: ButtonVariant; label: string; busy: string };
  children?: ReactNode;
}) {
  const busy = fetcher.state !== 'idle';
  return (
    <fetcher.Form
      method="post"
      className="flex items-center gap-1.5"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="kind" value={target.kind} />
      <input type="hidden" name="id" value={target.id} />
      {children}
      <button
        type="submit"
        disabled={busy}
        data-testid={button.testId}
        className={buttonClass(button.tone, SMALL)}
      >
        {busy ? button.busy : button.label}
      </button>
    </fetcher.Form>
  );
}

function useActionToastOf(result: TriggerResult | undefined) {
  useActionToast(result && !result.errors ? result : undefined);
}

const rotateKey = (id: string) => `rotate-${id}`;

/**
 * The secret answered when `created` was made, until a rotation replaces it (the rotation's
 * panel then shows the one that works); read through the rotate button's keyed fetcher.
 */
export function useCreatedSecret(
  result: TriggerResult | undefined,
  kind: LogSelection['kind'],
): (LogSelection & { secret: string }) | undefined {
  const created = result?.ok && result.secret?.kind === kind ? result.secret : undefined;
  const rotation = useFetcher<TriggerResult>({ key: rotateKey(created?.id ?? 'none') });
  return created && !rotation.data?.ok ? created : undefined;
}
