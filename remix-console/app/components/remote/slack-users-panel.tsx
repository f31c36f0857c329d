import { useFetcher } from '@remix-run/react';
import type { SlackUserLink } from '@kyros/contracts/schemas/channels-slack';
import { timeAgo } from '../../lib/time.ts';
import { useActionToast } from '../../lib/use-action-toast.ts';
import { useCreateForm } from '../../lib/use-create-form.ts';
import { buttonClass } from '../ui/button.ts';
import { CONTROL, EmptyNote, Field, FormError } from '../ui/form-field.tsx';
import type { TriggerResult } from './webhook-actions.tsx';

/**
 * Slack users (admin): which Slack user acts as which Kyros user. A slash command from a Slack
 * user nobody linked is refused with a reply that says so; relinking replaces the old link.
 */
export function SlackUsersPanel({
  links,
  people,
  now,
}: {
  links: SlackUserLink[];
  people: { email: string; role: string }[];
  now: number;
}) {
  const { create, errors, formRef, busy } = useCreateForm<TriggerResult>('slack-link');
  const ids = [
    { name: 'team_id', id: 'slack-team-id', label: 'Slack team ID', placeholder: 'T0123ABCD' },
    {
      name: 'slack_user_id',
      id: 'slack-user-id',
      label: 'Slack user ID',
      placeholder: 'U0123ABCD',
    },
  ] as const;
  return (
    <div className="space-y-4">
      <create.Form
        ref={formRef}
        method="post"
        noValidate
        data-testid="slack-link-form"
        className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1.4fr_auto]"
      >
        <input type="hidden" name="intent" value="slack-link" />
        {ids.map((field) => (
          <Field key={field.name} id={field.id} label={field.label}>
            <input
              id={field.id}
              name={field.name}
              placeholder={field.placeholder}
              autoComplete="off"
              data-testid={field.id}
              className={`${CONTROL} font-mono`}
              aria-invalid={errors[field.name] ? true : undefined}
            />
          </Field>
        ))}
        <Field id="slack-user-email" label="Acts as">
          <select
            id="slack-user-email"
            name="user_email"
            defaultValue=""
            data-testid="slack-user-email"
            className={CONTROL}
            aria-invalid={errors.user_email ? true : undefined}
          >
            <option value="" disabled>
              Choose a Kyros user…
            </option>
            {people.map((person) => (
              <option key={person.email} value={person.email}>
                {person.email} ({person.role})
              </option>
            ))}
          </select>
        </Field>
        <button
          type="submit"
          disabled={busy}
          data-testid="slack-link-create"
          className={buttonClass('primary')}
        >
          {busy ? 'Linking…' : 'Link'}
        </button>
        <p className="text-xs text-muted sm:col-span-4">
          The IDs are in the Slack user’s profile (⋮ → Copy member ID) and the workspace’s URL. The
          Slack user then acts as that Kyros user, with their role.
        </p>
        <FormError testId="slack-link-error" span="sm:col-span-4">
          {errors.team_id ?? errors.slack_user_id ?? errors.user_email}
        </FormError>
      </create.Form>
      {links.length === 0 ? (
        <EmptyNote testId="slack-links-empty">
          No Slack user linked yet: every slash command is refused until its sender is.
        </EmptyNote>
      ) : (
        <table className="w-full text-left text-sm" data-testid="slack-links-table">
          <thead className="text-[11px] uppercase tracking-wide text-subtle">
            <tr>
              <th className="py-1.5 font-medium">Slack user</th>
              <th className="py-1.5 font-medium">Acts as</th>
              <th className="py-1.5 font-medium">Linked</th>
              <th className="py-1.5" aria-label="Actions" />
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {links.map((link) => (
              <SlackLinkRow key={`${link.team_id}/${link.slack_user_id}`} link={link} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SlackLinkRow({ link, now }: { link: SlackUserLink; now: number }) {
  const unlink = useFetcher<TriggerResult>();
  useActionToast(unlink.data);
  const who = `${link.team_id}/${link.slack_user_id}`;
  return (
    <tr data-testid="slack-link" data-slack-user={who}>
      <td className="py-2 font-mono text-xs text-fg">{who}</td>
      <td className="py-2 text-muted">{link.user_email}</td>
      <td className="py-2 text-xs text-subtle">
        {timeAgo(link.created_at, now)} by {link.created_by}
      </td>
      <td className="py-2 text-right">
        <unlink.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Unlink ${who}? Their slash commands are refused from now on.`)) {
              event.preventDefault();
            }
          }}
        >
          <input type="hidden" name="intent" value="slack-unlink" />
          <input type="hidden" name="team_id" value={link.team_id} />
          <input type="hidden" name="slack_user_id" value={link.slack_user_id} />
          <button
            type="submit"
            disabled={unlink.state !== 'idle'}
            data-testid="slack-unlink"
            className={buttonClass('danger', '!px-2.5 !py-1 text-xs')}
          >
            {unlink.state === 'idle' ? 'Unlink' : 'Unlinking…'}
          </button>
        </unlink.Form>
      </td>
    </tr>
  );
}
