import { createRemixStub } from '@remix-run/testing';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AppShell } from './app-shell.tsx';

const user = { email: 'ada@example.com', display_name: 'Ada Lovelace', role: 'operator' };

function renderShell(path: string, themePosts: string[] = []) {
  const Stub = createRemixStub([
    {
      path: '/theme',
      action: async ({ request }) => {
        themePosts.push((await request.formData()).get('theme') as string);
        return { ok: true };
      },
    },
    {
      path: '*',
      Component: () => (
        <AppShell user={user} theme="dark" connection="reconnecting">
          <p>page</p>
        </AppShell>
      ),
    },
  ]);
  render(<Stub initialEntries={[path]} />);
  return themePosts;
}

describe('AppShell', () => {
  it('lists every section in the main navigation and marks the current one', async () => {
    renderShell('/leases');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const labels = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(labels).toEqual([
      'Overview',
      'Tasks',
      'Agents',
      'Leases',
      'Events',
      'Jobs',
      'Studio',
      'Scheduler',
      'Remote',
      'Channels',
      'Settings',
    ]);
    expect(screen.getByTestId('nav-leases').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-tasks').getAttribute('aria-current')).toBeNull();
  });

  it('shows who is signed in, the live connection state and a way to sign out', async () => {
    renderShell('/');

    expect((await screen.findByTestId('current-user')).textContent).toContain('Ada Lovelace');
    expect(screen.getByTestId('current-user-role').textContent).toBe('operator');
    expect(screen.getByTestId('connection-indicator').dataset.state).toBe('reconnecting');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeDefined();
  });

  it('switches to the light theme at once and remembers it on the server', async () => {
    const posts = renderShell('/');
    document.documentElement.className = 'dark';

    await userEvent.click(await screen.findByRole('button', { name: 'Switch to the light theme' }));

    expect(document.documentElement.classList.contains('light')).toBe(true);
    expect(screen.getByRole('button', { name: 'Switch to the dark theme' })).toBeDefined();
    await vi.waitFor(() => expect(posts).toEqual(['light']));
  });
});
