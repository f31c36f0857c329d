import { Outlet } from '@remix-run/react';
import { SETTINGS_SECTIONS } from '../components/settings/settings-sections.ts';
import { PageHeader } from '../components/ui/page-header.tsx';
import { TabNav } from '../components/ui/tab-nav.tsx';
import { hasRole } from '../lib/roles.ts';
import { useRole } from '../lib/use-role.ts';

// The layout of Settings: the header and the section tabs; each section is a route of its own
// (`_app.settings.<section>.tsx`) with its own loader and action, and /settings is the overview.
export default function SettingsLayout() {
  const role = useRole();
  const sections = [{ id: '', label: 'Overview', role: 'viewer' as const }, ...SETTINGS_SECTIONS];
  return (
    <>
      <PageHeader
        eyebrow="Configuration"
        title="Settings"
        description="Presets that Studio and schedules run, who and what may sign in, the tools tasks may run, and the console's feature flags."
      />
      <TabNav
        label="Settings sections"
        testId="settings-nav"
        tabs={sections.map((section) => ({
          id: section.id || 'overview',
          to: section.id ? `/settings/${section.id}` : '/settings',
          end: !section.id,
          label: (
            <>
              {section.label}
              {hasRole(role, section.role) ? null : (
                <span className="rounded px-1 text-[10px] uppercase tracking-wide text-subtle ring-1 ring-line-strong">
                  admin
                </span>
              )}
            </>
          ),
        }))}
      />
      <Outlet />
    </>
  );
}
