import {
  CreateApiKeyRequest,
  CreateUserRequest,
  PatchUserRequest,
  type ApiKey,
  type User,
} from '@kyros/contracts/schemas/auth';
import type { Preset } from '@kyros/contracts/schemas/jobs';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import { useCallback, useState, type ReactNode } from 'react';
import { ApiKeysPanel } from '../components/settings/api-keys-panel.tsx';
import { PresetEditor } from '../components/settings/preset-editor.tsx';
import { UsersPanel } from '../components/settings/users-panel.tsx';
import { Badge } from '../components/ui/badge.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { GatedButton } from '../components/ui/gated-button.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { readFlags } from '../lib/flags.server.ts';
import { parseCreatePresetForm, parseUpdatePresetForm } from '../lib/preset-editor-form.ts';
import { hasRole, roleBlock } from '../lib/roles.ts';
import { useActionToast, type ActionResult } from '../lib/use-action-toast.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';
import { formText } from '../lib/form-data.ts';

export const meta: MetaFunction = () => [{ title: 'Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => {
    const admin = hasRole(user.role, 'admin');
    const [presets, flags, apiKeys, users] = await Promise.all([
      api.jobs.listPresets(),
      readFlags(context.flagsFile),
      admin ? api.admin.listApiKeys() : Promise.resolve<ApiKey[] | null>(null),
      admin ? api.admin.listUsers() : Promise.resolve<User[] | null>(null),
    ]);
    return { presets: presets.items, flags, apiKeys, users, email: user.email, now: Date.now() };
  });
}

function issuesToErrors(
  issues: { path: PropertyKey[]; message: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

const invalid = (errors: Record<string, string>) => ({
  ok: false as const,
  status: 400,
  title: 'Check the form',
  detail: Object.values(errors)[0] ?? 'invalid',
  errors,
});

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const intent = formText(form, 'intent');
    const id = formText(form, 'id');
    try {
      switch (intent) {
        case 'preset-create': {
          const parsed = parseCreatePresetForm(form);
          if (!parsed.ok) return invalid(parsed.errors);
          const preset = await api.jobs.createPreset(parsed.request);
          return { ok: true as const, message: `Preset ${preset.name} created` };
        }
        case 'preset-update': {
          const parsed = parseUpdatePresetForm(form);
          if (!parsed.ok) return invalid(parsed.errors);
          const preset = await api.jobs.updatePreset(id, parsed.request);
          return {
            ok: true as const,
            message: `Preset ${preset.name} saved`,
            detail: 'Past jobs keep their own copy',
          };
        }
        case 'preset-delete':
          await api.jobs.deletePreset(id);
          return { ok: true as const, message: 'Preset deleted' };
        case 'key-create': {
          const agentId = formText(form, 'agent_id').trim();
          const parsed = CreateApiKeyRequest.safeParse({
            name: formText(form, 'name').trim(),
            role: form.get('role'),
            ...(agentId ? { agent_id: agentId } : {}),
          });
          if (!parsed.success) return invalid(issuesToErrors(parsed.error.issues));
          const created = await api.admin.createApiKey(parsed.data);
          return {
            ok: true as const,
            message: `API key ${created.api_key.name} created`,
            secret: created.secret,
            name: created.api_key.name,
          };
        }
        case 'key-revoke':
          await api.admin.revokeApiKey(id);
          return { ok: true as const, message: 'API key revoked' };
        case 'user-create': {
          const raw = Object.fromEntries(
            ['email', 'display_name', 'password', 'role'].map((name) => [
              name,
              formText(form, name).trim(),
            ]),
          );
          if (raw.display_name === '') delete raw.display_name;
          const parsed = CreateUserRequest.safeParse(raw);
          if (!parsed.success) return invalid(issuesToErrors(parsed.error.issues));
          const user = await api.admin.createUser(parsed.data);
          return {
            ok: true as const,
            message: `${user.email} can now sign in`,
            detail: `role ${user.role}`,
          };
        }
        case 'user-toggle': {
          const user = await api.admin.patchUser(id, { disabled: form.get('disabled') === 'true' });
          return {
            ok: true as const,
            message: `${user.email} ${user.disabled ? 'disabled' : 'enabled'}`,
          };
        }
        case 'user-role': {
          const parsed = PatchUserRequest.pick({ role: true })
            .required()
            .safeParse({ role: form.get('role') });
          if (!parsed.success) return invalid(issuesToErrors(parsed.error.issues));
          const user = await api.admin.patchUser(id, parsed.data);
          return { ok: true as const, message: `${user.email} is now ${user.role}` };
        }
        default:
          throw new Response('Unknown action', { status: 400 });
      }
    } catch (error) {
      if (error instanceof Response) throw error;
      return describeApiFailure(error);
    }
  });
}

export default function SettingsPage() {
  const { presets, flags, apiKeys, users, email, now: loadedAt } = useLoaderData<typeof loader>();
  const now = useNow(30_000, loadedAt);
  const role = useRole();
  useLiveRevalidate((event) => event.event.startsWith('preset_'));
  const admin = hasRole(role, 'admin');
  return (
    <>
      <PageHeader
        eyebrow="Configuration"
        title="Settings"
        description="Presets that Studio and schedules run, who and what may sign in, and the console's feature flags."
      />
      <nav aria-label="Sections" className="mb-6 flex flex-wrap gap-2 text-sm">
        {[
          ['presets', 'Presets'],
          ['api-keys', 'API keys'],
          ['users', 'Users'],
          ['flags', 'Flags'],
        ].map(([anchor, label]) => (
          <a
            key={anchor}
            href={`#${anchor}`}
            className="rounded-full border border-line px-3 py-1 text-muted hover:bg-raised hover:text-fg"
          >
            {label}
          </a>
        ))}
        <Link
          to="/settings/tools"
          data-testid="settings-tools-link"
          className="rounded-full border border-line px-3 py-1 text-muted hover:bg-raised hover:text-fg"
        >
          Tools →
        </Link>
      </nav>
      <div className="space-y-8">
        <Section
          id="presets"
          title="Presets"
          description="A Markdown template with {{placeholders}}, an export format and a number of variants. Editing one never changes past jobs."
        >
          <PresetsSection presets={presets} role={role} />
        </Section>
        <Section
          id="api-keys"
          title="API keys"
          description="For agents, CI and channels. The secret is shown once; the API stores only its hash."
          badge={admin ? undefined : 'admin only'}
        >
          {apiKeys ? (
            <ApiKeysPanel keys={apiKeys} now={now} />
          ) : (
            <AdminOnly role={role} what="manage API keys" />
          )}
        </Section>
        <Section
          id="users"
          title="Users"
          description="People who sign in to the console and their roles: admin > operator > agent > viewer."
          badge={admin ? undefined : 'admin only'}
        >
          {users ? (
            <UsersPanel users={users} currentEmail={email} now={now} />
          ) : (
            <AdminOnly role={role} what="manage users" />
          )}
        </Section>
        <Section
          id="flags"
          title="Flags"
          description="Read-only here: change them in the flags file; the console reads it on each request."
        >
          <dl className="grid gap-3 sm:grid-cols-2" data-testid="flags">
            <Flag
              name="demoMode"
              value={flags.flags.demoMode}
              help="Fills a fresh install with a believable board, agents and jobs on console start (or npm run demo)."
            />
            <Flag
              name="schedulerEnabled"
              value={flags.flags.schedulerEnabled}
              help="Shows the Scheduler; when false it explains that scheduling is off."
            />
          </dl>
          <p className="mt-3 text-xs text-subtle">
            File: <code className="break-all font-mono">{flags.file}</code>{' '}
            (KYROS_CONSOLE_FLAGS_FILE)
            {flags.problem ? (
              <span className="ml-2 text-amber-600 dark:text-amber-300">— {flags.problem}</span>
            ) : null}
          </p>
        </Section>
      </div>
    </>
  );
}

function Section({
  id,
  title,
  description,
  badge,
  children,
}: {
  id: string;
  title: string;
  description: string;
  badge?: string;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className="scroll-mt-6 rounded-2xl border border-line bg-surface p-5"
      data-testid={`settings-${id}`}
    >
      <div className="mb-4">
        <h2 id={`${id}-title`} className="flex items-center gap-2 text-base font-semibold text-fg">
          {title} {badge ? <Badge tone="neutral">{badge}</Badge> : null}
        </h2>
        <p className="mt-1 text-sm text-muted">{description}</p>
      </div>
      {children}
    </section>
  );
}

function AdminOnly({ role, what }: { role: string; what: string }) {
  return (
    <p className="rounded-xl border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted">
      {roleBlock(role, 'admin', what)}
    </p>
  );
}

function Flag({ name, value, help }: { name: string; value: boolean; help: string }) {
  return (
    <div
      className="rounded-xl border border-line bg-canvas/40 p-3"
      data-testid={`flag-${name}`}
      data-value={String(value)}
    >
      <dt className="flex items-center justify-between gap-2">
        <code className="font-mono text-sm text-fg">{name}</code>
        <Badge tone={value ? 'good' : 'neutral'} dot>
          {value ? 'on' : 'off'}
        </Badge>
      </dt>
      <dd className="mt-1 text-xs text-muted">{help}</dd>
    </div>
  );
}

function PresetsSection({ presets, role }: { presets: Preset[]; role: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const block = roleBlock(role, 'operator', 'change presets');
  return (
    <div className="space-y-3">
      {editing === 'new' ? (
        <div className="rounded-xl border border-accent/40 bg-canvas/40 p-4">
          <PresetEditor onDone={close} />
        </div>
      ) : (
        <GatedButton
          type="button"
          block={block}
          onClick={() => setEditing('new')}
          data-testid="preset-new"
          className={buttonClass('primary')}
        >
          + New preset
        </GatedButton>
      )}
      <ul className="divide-y divide-line rounded-xl border border-line" data-testid="preset-list">
        {presets.length === 0 ? (
          <li className="px-4 py-6 text-center text-sm text-muted">
            No presets yet: create one to run it from Studio.
          </li>
        ) : null}
        {presets.map((preset) => (
          <li
            key={preset.id}
            data-testid="preset-row"
            data-preset-name={preset.name}
            className="px-4 py-3"
          >
            {editing === preset.id ? (
              <PresetEditor preset={preset} onDone={close} />
            ) : (
              <PresetRow preset={preset} block={block} onEdit={() => setEditing(preset.id)} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PresetRow({
  preset,
  block,
  onEdit,
}: {
  preset: Preset;
  block: string | undefined;
  onEdit: () => void;
}) {
  const remove = useFetcher<ActionResult>();
  useActionToast(remove.data);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-0">
        <p className="flex items-center gap-2">
          <span className="font-mono text-sm font-medium text-fg">{preset.name}</span>
          <Badge tone={preset.format === 'json' ? 'info' : 'accent'}>
            {preset.format === 'json' ? 'JSON' : 'Markdown'}
          </Badge>
          <span className="text-xs text-subtle">{preset.variant_count} variants</span>
        </p>
        <p className="mt-0.5 truncate text-xs text-muted">
          {preset.description ?? preset.template.split('\n')[0]}
        </p>
        <p className="mt-0.5 font-mono text-[11px] text-subtle">
          inputs: {Object.keys(preset.parameters).join(', ') || '—'}
        </p>
      </div>
      <div className="flex gap-2">
        <GatedButton
          type="button"
          block={block}
          onClick={onEdit}
          data-testid="preset-edit"
          className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
        >
          Edit
        </GatedButton>
        <remove.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Delete the preset ${preset.name}? Past jobs keep their copy.`))
              event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="preset-delete" />
          <input type="hidden" name="id" value={preset.id} />
          <GatedButton
            type="submit"
            block={block}
            disabled={remove.state !== 'idle'}
            data-testid="preset-delete"
            className={buttonClass('danger', '!px-3 !py-1.5 text-xs')}
          >
            Delete
          </GatedButton>
        </remove.Form>
      </div>
    </div>
  );
}
