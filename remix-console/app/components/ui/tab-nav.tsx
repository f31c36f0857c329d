import { NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';

export interface Tab {
  to: string;
  /** Test ids are `<testId>-<id>`. */
  id: string;
  label: ReactNode;
  /** Active only on exactly this path (the layout's index tab). */
  end?: boolean;
}

/** The tabs of a page whose sections are nested routes (Settings, Remote). */
export function TabNav({ label, testId, tabs }: { label: string; testId: string; tabs: Tab[] }) {
  return (
    <nav
      aria-label={label}
      className="mb-6 flex flex-wrap gap-1 border-b border-line text-sm"
      data-testid={testId}
    >
      {tabs.map((tab) => (
        <NavLink
          key={tab.id}
          to={tab.to}
          end={tab.end}
          prefetch="intent"
          data-testid={`${testId}-${tab.id}`}
          className={({ isActive }) =>
            `focus-ring -mb-px flex items-center gap-1.5 rounded-t-lg border-b-2 px-3 py-2 transition-colors ${
              isActive
                ? 'border-accent font-medium text-fg'
                : 'border-transparent text-muted hover:border-line-strong hover:text-fg'
            }`
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
