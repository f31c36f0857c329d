import type { ReactNode } from 'react';
import { roleBlock } from '../../lib/roles.ts';
import { Badge } from '../ui/badge.tsx';
import { settingsSection, type SettingsSectionId } from './settings-sections.ts';
import { EmptyNote } from '../ui/form-field.tsx';

/** One section of Settings: its heading and description, then its content. */
export function SettingsSection({
  id,
  badge,
  actions,
  children,
}: {
  id: SettingsSectionId;
  badge?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { label, description } = settingsSection(id);
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className="rounded-2xl border border-line bg-surface p-5"
      data-testid={`settings-${id}`}
    >
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2
            id={`${id}-title`}
            className="flex items-center gap-2 text-base font-semibold text-fg"
          >
            {label} {badge ? <Badge tone="neutral">{badge}</Badge> : null}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-muted">{description}</p>
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** In place of a section's controls, for a role that may not use them. */
export function AdminOnly({ role, what }: { role: string; what: string }) {
  return <EmptyNote>{roleBlock(role, 'admin', what)}</EmptyNote>;
}
