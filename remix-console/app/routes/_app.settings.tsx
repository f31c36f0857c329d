import { NavLink, Outlet } from '@remix-run/react';
import { SETTINGS_SECTIONS } from '../components/settings/settings-sections.ts';
import { PageHeader } from '../components/ui/page-header.tsx';
import { hasRole } from '../lib/roles.ts';
import { useRole } from '../lib/use-role.ts';

// The layout of Settings: the header and the section tabs; each section is a route of its own
// (`_app.settings.<section>.tsx`) with its own loader and action, and /settings is the overview.
export default function SettingsLayout() {
  const role = useRole();
  return (
    <>
      <PageHeader
        eyebrow="Configuration"
        title="Settings"
        description="Presets that Studio and schedules run, who and what may sign in, the tools tasks may run, and the console's feature flags."
      />
      <nav
        aria-label="Settings sections"
        className="mb-6 flex flex-wrap gap-1 border-b border-line text-sm"
        data-testid="settings-nav"
      >
        {[{ id: '', label: 'Overview', role: 'viewer' as const }, ...SETTINGS_SECTIONS].map(
          (section) => (
            <NavLink
              key={section.id}
              to={section.id ? `/settings/${section.id}` : '/settings'}
              end={!section.id}
              prefetch="intent"
              data-testid={`settings-nav-${section.id || 'overview'}`}
              className={({ isActive }) =>
                `focus-ring -mb-px flex items-center gap-1.5 rounded-t-lg border-b-2 px-3 py-2 transition-colors ${
                  isActive
                    ? 'border-accent font-medium text-fg'
                    : 'border-transparent text-muted hover:border-line-strong hover:text-fg'
                }`
              }
            >
              {section.label}
              {hasRole(role, section.role) ? null : (
                <span className="rounded px-1 text-[10px] uppercase tracking-wide text-subtle ring-1 ring-line-strong">
                  admin
                </span>
              )}
            </NavLink>
          ),
        )}
      </nav>
      <Outlet />
    </>
  );
}
