import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation, useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import {
  SETTINGS_SECTIONS,
  type SettingsSectionId,
} from '../components/settings/settings-sections.ts';
import { Badge } from '../components/ui/badge.tsx';
import { withApi } from '../lib/api.server.ts';
import { readFlags } from '../lib/flags.server.ts';
import { hasRole } from '../lib/roles.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Settings · Kyros' }];

/** One line per section, so the overview says what is configured before anyone opens a tab. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => {
    const admin = hasRole(user.role, 'admin');
    const [presets, tools, flags, apiKeys, users] = await Promise.all([
      api.jobs.listPresets(),
      api.tools.listTools(),
      readFlags(context.flagsFile),
      admin ? api.admin.listApiKeys() : null,
      admin ? api.admin.listUsers() : null,
    ]);
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    const summary: Record<SettingsSectionId, string | null> = {
      presets: count(presets.items.length, 'preset'),
      tools: `${tools.filter((tool) => tool.enabled).length} of ${tools.length} enabled`,
      flags: Object.entries(flags.flags)
        .map(([name, on]) => `${name} ${on ? 'on' : 'off'}`)
        .join(' · '),
      'api-keys': apiKeys
        ? count(apiKeys.filter((key) => !key.revoked).length, 'active key')
        : null,
      users: users
        ? `${count(users.length, 'user')}${
            users.some((u) => u.disabled)
              ? ` · ${users.filter((u) => u.disabled).length} disabled`
              : ''
          }`
        : null,
    };
    return { summary };
  });
}

export default function SettingsOverview() {
  const { summary } = useLoaderData<typeof loader>();
  const role = useRole();
  useLiveRevalidate((event) => /^(preset|tool)_/.test(event.event));
  useLegacyAnchorRedirect();
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="settings-overview">
      {SETTINGS_SECTIONS.map((section) => (
        <li key={section.id}>
          <Link
            to={`/settings/${section.id}`}
            data-testid={`settings-card-${section.id}`}
            className="focus-ring group flex h-full flex-col rounded-2xl border border-line bg-surface p-5 transition-colors hover:border-line-strong hover:bg-raised/40"
          >
            <span className="flex items-center justify-between gap-2">
              <span className="text-base font-semibold text-fg">{section.label}</span>
              {hasRole(role, section.role) ? null : <Badge tone="neutral">admin only</Badge>}
            </span>
            <span className="mt-1 flex-1 text-sm text-muted">{section.description}</span>
            <span className="mt-4 flex items-center justify-between gap-2 text-xs">
              <span className="font-medium text-fg" data-testid="settings-card-summary">
                {summary[section.id] ?? 'Visible to admins'}
              </span>
              <span className="text-accent-fg transition-transform group-hover:translate-x-0.5">
                Open →
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * Settings used to be one page with a section per anchor (`/settings#users`); a browser never
 * sends the fragment, so the old links are sent to the section's own route here, in the browser.
 */
function useLegacyAnchorRedirect() {
  const { hash } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const section = SETTINGS_SECTIONS.find((candidate) => `#${candidate.id}` === hash);
    if (section) navigate(`/settings/${section.id}`, { replace: true });
  }, [hash, navigate]);
}
