import type { Agent } from '@kyros/contracts/schemas/collab-agents';
import { useLoaderData } from '@remix-run/react';
import { createRemixStub } from '@remix-run/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { AgentsTable, type AgentRow } from './agents-table.tsx';
import { ToastProvider } from './toasts.tsx';

const now = Date.parse('2026-11-25T10:00:00.000Z');

function agent(id: string, available: boolean): AgentRow {
  const value: Agent = {
    id,
    name: id.toUpperCase(),
    role: 'backend',
    skills: ['typescript', 'temporal'],
    status: 'busy',
    available,
    last_seen: '2026-11-25T09:58:00.000Z',
    version: 3,
  };
  return { agent: value, etag: `"agent-${id}-v3"` };
}

function renderAgents(rows: AgentRow[], refuseWith?: number) {
  const patches: Array<Record<string, string>> = [];
  const Stub = createRemixStub([
    {
      path: '/agents',
      loader: () => ({ rows }),
      action: async ({ request }) => {
        const form = Object.fromEntries(await request.formData()) as Record<string, string>;
        patches.push(form);
        if (refuseWith) {
          return {
            ok: false,
            status: refuseWith,
            title: 'Precondition Failed',
            detail: 'The agent changed',
          };
        }
        rows = rows.map((row) =>
          row.agent.id === form.id
            ? { ...row, agent: { ...row.agent, available: form.available === 'true' } }
            : row,
        );
        return { ok: true, message: `${form.id} updated` };
      },
      Component: function Page() {
        const data = useLoaderData<{ rows: AgentRow[] }>();
        return (
          <ToastProvider timeoutMs={0}>
            <AgentsTable rows={data.rows} now={now} />
          </ToastProvider>
        );
      },
    },
  ]);
  render(<Stub initialEntries={['/agents']} future={{ v3_fetcherPersist: true }} />);
  return patches;
}

describe('AgentsTable', () => {
  it('shows each agent with role, skills, status and when it was last seen', async () => {
    // Only the clock is faked: "last seen" is relative to the page's current time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    onTestFinished(() => void vi.useRealTimers());
    renderAgents([agent('atlas', true)]);

    const row = await screen.findByTestId('agent-row-atlas');
    expect(within(row).getByTestId('agent-role').textContent).toBe('backend');
    expect(within(row).getByTestId('agent-skills').textContent).toBe('typescripttemporal');
    expect(within(row).getByTestId('agent-status').textContent).toBe('busy');
    expect(within(row).getByTestId('agent-last-seen').textContent).toBe('2 min ago');
  });

  it('shows an agent silent for over five minutes as offline, with when it was last seen', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    onTestFinished(() => void vi.useRealTimers());
    const silent = agent('atlas', true);
    silent.agent.last_seen = '2026-11-25T09:40:00.000Z';
    renderAgents([silent, agent('hermes', true)]);

    const row = await screen.findByTestId('agent-row-atlas');
    expect(within(row).getByTestId('agent-status').textContent).toBe('offline');
    expect(within(row).getByTestId('agent-last-seen').textContent).toBe('20 min ago');
    const alive = screen.getByTestId('agent-row-hermes');
    expect(within(alive).getByTestId('agent-status').textContent).toBe('busy');
  });

  it('toggles availability with the ETag it was shown, as a switch', async () => {
    const user = userEvent.setup();
    const patches = renderAgents([agent('atlas', true)]);

    const toggle = await screen.findByRole('switch', { name: 'ATLAS is available for new tasks' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await user.click(toggle);

    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({
      intent: 'availability',
      id: 'atlas',
      available: 'false',
      etag: '"agent-atlas-v3"',
    });
    await waitFor(() =>
      expect(screen.getByTestId('agent-row-atlas').dataset.available).toBe('false'),
    );
  });

  it('flips back and says so when the API refuses with 412', async () => {
    const user = userEvent.setup();
    renderAgents([agent('atlas', true)], 412);

    await user.click(await screen.findByRole('switch'));

    expect((await screen.findByRole('alert')).textContent).toContain('Someone changed this first');
    expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true');
  });
});
