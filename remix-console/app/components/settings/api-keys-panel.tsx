import { RoleSchema, type ApiKey } from '@kyros/contracts/schemas/auth';
import { useFetcher } from '@remix-run/react';
import { timeAgo } from '../../lib/time.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { SecretOnce } from '../ui/secret-once.tsx';
import { CONTROL, EmptyNote, Field, FormError } from '../ui/form-field.tsx';
import { useCreateForm } from '../../lib/use-create-form.ts';

type CreateResult =
  | (ActionResult & { errors?: Record<string, string>; secret?: undefined })
  | { ok: true; message: string; secret: string; name: string };

/** API keys (admin): create one (the secret is shown once), see when each was last used, revoke. */
export function ApiKeysPanel({ keys, now }: { keys: ApiKey[]; now: number }) {
  const { create, result, errors, formRef, busy } = useCreateForm<CreateResult>('api-key-create');
  const secret = result?.ok && result.secret ? result : undefined;
  return (
    <div className="space-y-4">
      <create.Form
        ref={formRef}
        method="post"
        className="grid items-end gap-3 sm:grid-cols-[1fr_150px_1fr_auto]"
        data-testid="api-key-form"
        noValidate
      >
        <input type="hidden" name="intent" value="key-create" />
        <Field id="api-key-name" label="Name">
          <input
            id="api-key-name"
            name="name"
            placeholder="ci-agent"
            data-testid="api-key-name"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'api-key-name-error' : undefined}
          />
        </Field>
        <Field id="api-key-role" label="Role">
          <select
            id="api-key-role"
            name="role"
            defaultValue="agent"
            data-testid="api-key-role"
            className={CONTROL}
          >
            {RoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </Field>
        <Field id="api-key-agent" label="Agent id" optional>
          <input
            id="api-key-agent"
            name="agent_id"
            placeholder="agent-atlas"
            data-testid="api-key-agent"
            className={`${CONTROL} font-mono`}
            aria-invalid={errors.agent_id ? true : undefined}
            aria-describedby="api-key-agent-hint"
          />
        </Field>
        <button
          type="submit"
          disabled={busy}
          data-testid="api-key-create"
          className={buttonClass('primary')}
        >
          {busy ? 'Creating…' : 'Create key'}
        </button>
        <p id="api-key-agent-hint" className="text-xs text-muted sm:col-span-4">
          A key bound to an agent acts only as that agent: its leases, moves and events carry that
          id, and it cannot name another.
        </p>
        <FormError id="api-key-name-error" testId="api-key-form-error" span="sm:col-span-4">
          {errors.name ?? errors.agent_id}
        </FormError>
      </create.Form>
      {secret ? (
        <SecretOnce secret={secret.secret} testId="api-key">
          Key <code className="font-mono">{secret.name}</code> created.
        </SecretOnce>
      ) : null}
      {keys.length === 0 ? (
        <EmptyNote testId="api-keys-empty">
          No API keys yet. Agents, CI jobs and channels sign in with one: create it above and hand
          them the secret.
        </EmptyNote>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full text-left text-sm" data-testid="api-keys-table">
            <thead className="border-b border-line bg-sunken/60 text-[11px] uppercase tracking-wider text-subtle">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Prefix
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Role
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Acts as
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Last used
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Created
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {keys.map((key) => (
                <KeyRow key={key.id} apiKey={key} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function KeyRow({ apiKey, now }: { apiKey: ApiKey; now: number }) {
  const revoke = useFetcher<ActionResult>();
  useActionToast(revoke.data);
  const expired = apiKey.expires_at !== null && Date.parse(apiKey.expires_at) <= now;
  return (
    <tr
      data-testid="api-key-row"
      data-key-id={apiKey.id}
      className={apiKey.revoked ? 'opacity-55' : ''}
    >
      <td className="px-4 py-2.5 font-mono text-xs text-fg">{apiKey.name}</td>
      <td className="px-4 py-2.5 font-mono text-xs text-muted">{apiKey.prefix}…</td>
      <td className="px-4 py-2.5">
        <Badge
          tone={apiKey.role === 'admin' ? 'bad' : apiKey.role === 'operator' ? 'warn' : 'neutral'}
        >
          {apiKey.role}
        </Badge>
      </td>
      <td className="px-4 py-2.5 font-mono text-xs text-muted" data-testid="api-key-acts-as">
        {apiKey.acts_as}
      </td>
      <td className="px-4 py-2.5 text-xs text-muted" title={apiKey.last_used_at ?? undefined}>
        {apiKey.last_used_at ? timeAgo(apiKey.last_used_at, now) : 'never'}
      </td>
      <td className="px-4 py-2.5 text-xs text-muted" title={apiKey.created_at}>
        {timeAgo(apiKey.created_at, now)}
      </td>
      <td className="px-4 py-2.5 text-right">
        {apiKey.revoked ? (
          <Badge tone="neutral">revoked</Badge>
        ) : expired ? (
          <Badge tone="warn">expired</Badge>
        ) : (
          <revoke.Form
            method="post"
            onSubmit={(event) => {
              if (
                !window.confirm(`Revoke ${apiKey.name}? Anything using it stops working at once.`)
              )
                event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="key-revoke" />
            <input type="hidden" name="id" value={apiKey.id} />
            <button
              type="submit"
              disabled={revoke.state !== 'idle'}
              data-testid="api-key-revoke"
              className={buttonClass('danger', '!px-2.5 !py-1 text-xs')}
            >
              Revoke
            </button>
          </revoke.Form>
        )}
      </td>
    </tr>
  );
}
