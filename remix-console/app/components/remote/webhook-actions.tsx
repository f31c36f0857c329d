import { useFetcher, useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import { logSearch, type LogSelection } from '../../lib/trigger-log.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { buttonClass } from '../ui/button.ts';
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
  const hidden = (
    <>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
    </>
  );
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <test.Form method="post" className="flex items-center gap-1.5">
          <input type="hidden" name="intent" value="test-fire" />
          {hidden}
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
          <button
            type="submit"
            disabled={test.state !== 'idle'}
            data-testid="webhook-test-fire"
            className={buttonClass('secondary', SMALL)}
          >
            {test.state !== 'idle' ? 'Firing…' : 'Test-fire'}
          </button>
        </test.Form>
        <rotate.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Rotate the secret of ${name}? The old one stops working at once.`))
              event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="rotate" />
          {hidden}
          <button
            type="submit"
            disabled={rotate.state !== 'idle'}
            data-testid="webhook-rotate"
            className={buttonClass('secondary', SMALL)}
          >
            {rotate.state !== 'idle' ? 'Rotating…' : 'Rotate secret'}
          </button>
        </rotate.Form>
        <toggle.Form method="post">
          <input type="hidden" name="intent" value="toggle" />
          <input type="hidden" name="enabled" value={String(!enabled)} />
          {hidden}
          <button
            type="submit"
            disabled={toggle.state !== 'idle'}
            data-testid="webhook-toggle"
            className={buttonClass('ghost', SMALL)}
          >
            {toggle.state !== 'idle' ? 'Saving…' : enabled ? 'Disable' : 'Enable'}
          </button>
        </toggle.Form>
        <remove.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Delete ${name}? Its URL and log go with it.`))
              event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          {hidden}
          <button
            type="submit"
            disabled={remove.state !== 'idle'}
            data-testid="webhook-delete"
            className={buttonClass('danger', SMALL)}
          >
            {remove.state !== 'idle' ? 'Deleting…' : 'Delete'}
          </button>
        </remove.Form>
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
