import { RoleSchema, type User } from '@kyros/contracts/schemas/auth';
import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { timeAgo } from '../../lib/time.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { CONTROL } from '../ui/form-field.tsx';

type Result = ActionResult & { errors?: Record<string, string> };

/** Users (admin): who can sign in to the console, with which role; add one, disable one. */
export function UsersPanel({
  users,
  currentEmail,
  now,
}: {
  users: User[];
  currentEmail: string;
  now: number;
}) {
  const create = useFetcher<Result>({ key: 'user-create' });
  useActionToast(create.data && !create.data.errors ? create.data : undefined);
  const errors = create.data && !create.data.ok ? (create.data.errors ?? {}) : {};
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (create.state === 'idle' && create.data?.ok) formRef.current?.reset();
  }, [create.state, create.data]);
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto rounded-xl border border-line">
        <table className="w-full text-left text-sm" data-testid="users-table">
          <thead className="border-b border-line bg-sunken/60 text-[11px] uppercase tracking-wider text-subtle">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                User
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Role
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Last sign-in
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {users.map((user) => (
              <UserRow key={user.id} user={user} self={user.email === currentEmail} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      <details className="rounded-xl border border-line bg-canvas/40 p-3">
        <summary
          className="cursor-pointer text-sm font-medium text-fg"
          data-testid="user-add-toggle"
        >
          Add a user
        </summary>
        <create.Form
          ref={formRef}
          method="post"
          className="mt-3 grid gap-3 sm:grid-cols-2"
          data-testid="user-form"
          noValidate
        >
          <input type="hidden" name="intent" value="user-create" />
          {(
            [
              ['email', 'Email', 'email'],
              ['display_name', 'Display name', 'text'],
              ['password', 'Password (12+ characters)', 'password'],
            ] as const
          ).map(([name, label, type]) => (
            <div key={name}>
              <label htmlFor={`user-${name}`} className="mb-1 block text-sm font-medium text-fg">
                {label}
              </label>
              <input
                id={`user-${name}`}
                name={name}
                type={type}
                autoComplete="off"
                data-testid={`user-${name}`}
                className={CONTROL}
                aria-invalid={errors[name] ? true : undefined}
              />
              {errors[name] ? (
                <p className="mt-1 text-xs text-rose-600 dark:text-rose-300">{errors[name]}</p>
              ) : null}
            </div>
          ))}
          <div>
            <label htmlFor="user-role" className="mb-1 block text-sm font-medium text-fg">
              Role
            </label>
            <select
              id="user-role"
              name="role"
              defaultValue="viewer"
              data-testid="user-role"
              className={CONTROL}
            >
              {RoleSchema.options.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </div>
          <div className="sm:col-span-2">
            <button
              type="submit"
              disabled={create.state !== 'idle'}
              data-testid="user-create"
              className={buttonClass('primary')}
            >
              {create.state !== 'idle' ? 'Adding…' : 'Add user'}
            </button>
          </div>
        </create.Form>
      </details>
    </div>
  );
}

function UserRow({ user, self, now }: { user: User; self: boolean; now: number }) {
  const toggle = useFetcher<ActionResult>();
  useActionToast(toggle.data);
  return (
    <tr
      data-testid="user-row"
      data-email={user.email}
      data-role={user.role}
      data-disabled={String(user.disabled)}
      className={user.disabled ? 'opacity-55' : ''}
    >
      <td className="px-4 py-2.5">
        <p className="font-medium text-fg">
          {user.display_name}{' '}
          {self ? <span className="text-xs font-normal text-subtle">(you)</span> : null}
        </p>
        <p className="text-xs text-muted">{user.email}</p>
      </td>
      <td className="px-4 py-2.5">
        <Badge tone={user.role === 'admin' ? 'bad' : user.role === 'operator' ? 'warn' : 'neutral'}>
          <span data-testid="user-role-badge">{user.role}</span>
        </Badge>
        {user.disabled ? (
          <span className="ml-2">
            <Badge tone="neutral">disabled</Badge>
          </span>
        ) : null}
        <RoleChange user={user} />
      </td>
      <td className="px-4 py-2.5 text-xs text-muted">
        {user.last_login_at ? timeAgo(user.last_login_at, now) : 'never'}
      </td>
      <td className="px-4 py-2.5 text-right">
        {self ? null : (
          <toggle.Form method="post">
            <input type="hidden" name="intent" value="user-toggle" />
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="disabled" value={user.disabled ? 'false' : 'true'} />
            <button
              type="submit"
              disabled={toggle.state !== 'idle'}
              data-testid="user-toggle"
              className={buttonClass(
                user.disabled ? 'secondary' : 'danger',
                '!px-2.5 !py-1 text-xs',
              )}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
          </toggle.Form>
        )}
      </td>
    </tr>
  );
}

/** Picks a new role; a refusal (the last admin, or demoting yourself: 409) stays under it. */
function RoleChange({ user }: { user: User }) {
  const change = useFetcher<ActionResult>();
  useActionToast(change.data);
  const refusal = change.state === 'idle' && change.data?.ok === false ? change.data : undefined;
  return (
    <change.Form method="post" className="mt-2 flex items-center gap-2">
      <input type="hidden" name="intent" value="user-role" />
      <input type="hidden" name="id" value={user.id} />
      <label htmlFor={`role-${user.id}`} className="sr-only">
        New role for {user.email}
      </label>
      <select
        id={`role-${user.id}`}
        name="role"
        defaultValue={user.role}
        key={user.role}
        data-testid="user-role-select"
        aria-invalid={refusal ? true : undefined}
        aria-describedby={refusal ? `role-refusal-${user.id}` : undefined}
        className="focus-ring rounded-lg border border-line-strong bg-canvas px-2 py-1 text-xs text-fg aria-[invalid=true]:border-rose-500"
      >
        {RoleSchema.options.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
      <button
        type="submit"
        disabled={change.state !== 'idle'}
        data-testid="user-role-save"
        className={buttonClass('secondary', '!px-2.5 !py-1 text-xs')}
      >
        {change.state !== 'idle' ? 'Saving…' : 'Set role'}
      </button>
      {refusal ? (
        <p
          id={`role-refusal-${user.id}`}
          role="alert"
          data-testid="user-role-refusal"
          data-status={refusal.status}
          className="text-xs text-rose-600 dark:text-rose-300"
        >
          {refusal.status === 409 ? 'Refused: ' : ''}
          {refusal.detail}
        </p>
      ) : null}
    </change.Form>
  );
}
