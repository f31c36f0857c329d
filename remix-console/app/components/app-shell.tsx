import { Form, NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { ConnectionState } from '../lib/live-events.tsx';
import type { Theme } from '../lib/theme.ts';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { Icon, type IconName } from './nav-icons.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  /** Not built yet: the page explains what is coming. */
  soon?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Overview', icon: 'overview' },
  { to: '/tasks', label: 'Tasks', icon: 'tasks' },
  { to: '/agents', label: 'Agents', icon: 'agents' },
  { to: '/leases', label: 'Leases', icon: 'leases' },
  { to: '/events', label: 'Events', icon: 'events' },
  { to: '/jobs', label: 'Jobs', icon: 'jobs' },
  { to: '/studio', label: 'Studio', icon: 'studio' },
  { to: '/scheduler', label: 'Scheduler', icon: 'scheduler' },
  { to: '/remote', label: 'Remote', icon: 'remote' },
  { to: '/channels', label: 'Channels', icon: 'channels' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export interface ShellUser {
  email: string;
  display_name: string;
  role: string;
}

/** The frame around every signed-in page: navigation, live status, theme, who is signed in. */
export function AppShell({
  user,
  theme,
  connection,
  children,
}: {
  user: ShellUser;
  theme: Theme;
  connection: ConnectionState;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="focus-ring sr-only z-50 rounded-md bg-accent px-3 py-2 text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-line bg-sunken/60 px-3 py-4">
        <NavLink
          to="/"
          className="focus-ring mb-6 flex items-center gap-2.5 rounded-lg px-2 py-1"
          data-testid="brand"
        >
          <img src="/favicon.svg" alt="" className="size-7" />
          <span className="text-[15px] font-semibold tracking-tight text-fg">Kyros</span>
          <span className="rounded-full border border-line-strong px-1.5 py-px text-[10px] font-medium uppercase tracking-wider text-subtle">
            Console
          </span>
        </NavLink>
        <nav aria-label="Main" className="flex-1">
          <ul className="space-y-0.5">
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.to === '/'}
                  prefetch="intent"
                  data-testid={`nav-${item.label.toLowerCase()}`}
                  className={({ isActive, isPending }) =>
                    `focus-ring group flex items-center gap-3 rounded-lg px-2.5 py-2 text-sm transition-colors ${
                      isActive
                        ? 'bg-accent/10 font-medium text-fg shadow-[inset_2px_0_0_var(--color-accent)]'
                        : isPending
                          ? 'bg-raised text-fg'
                          : 'text-muted hover:bg-raised/70 hover:text-fg'
                    }`
                  }
                >
                  <Icon name={item.icon} />
                  <span className="flex-1">{item.label}</span>
                  {item.soon ? (
                    <span className="rounded px-1.5 py-px text-[10px] font-medium uppercase tracking-wide text-subtle ring-1 ring-line-strong">
                      Soon
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-3 border-t border-line pt-4">
          <div className="flex items-center gap-2">
            <div className="flex-1">
              <ConnectionIndicator state={connection} />
            </div>
            <ThemeToggle theme={theme} />
          </div>
          <div className="flex items-center gap-2.5 px-1" data-testid="current-user">
            <span
              aria-hidden="true"
              className="grid size-8 shrink-0 place-items-center rounded-full bg-gradient-to-br from-indigo-500 to-violet-600 text-xs font-semibold uppercase text-white"
            >
              {(user.display_name || user.email).slice(0, 1)}
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-fg">
                {user.display_name || user.email}
              </p>
              <p className="truncate text-xs text-subtle">
                <span data-testid="current-user-role">{user.role}</span> · {user.email}
              </p>
            </div>
            <Form method="post" action="/logout">
              <button
                type="submit"
                data-testid="logout"
                aria-label="Sign out"
                title="Sign out"
                className="focus-ring grid size-8 place-items-center rounded-lg text-subtle hover:bg-raised hover:text-fg"
              >
                <Icon name="logout" className="size-4" />
              </button>
            </Form>
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-8 py-8">
        <div className="mx-auto max-w-[1680px]">{children}</div>
      </main>
    </div>
  );
}
