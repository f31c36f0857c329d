import type { ChannelStatus } from '@kyros/contracts/schemas/channels';
import type { InboundWebhook } from '@kyros/contracts/schemas/webhooks';
import { createRemixStub } from '@remix-run/testing';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToastProvider } from '../components/toasts.tsx';
import { RoleContext } from '../lib/use-role.ts';
import RemoteTriggers from './_app.remote.triggers.tsx';

const now = Date.parse('2026-12-06T16:00:00.000Z');

function channel(name: ChannelStatus['name'], configured: boolean): ChannelStatus {
  return {
    name,
    configured,
    enabled: true,
    counts: { received: 3, ok: 3, refused: 0, failed: 0 },
    p50_latency_ms: 4,
    last_activity_at: null,
  };
}

const channels = [channel('webhook', true), channel('slack', false), channel('email', false)];

const KEY_ID = '9b2c2b1a-9c3d-4e5f-8a7b-1c2d3e4f5a6b';
const webhook: InboundWebhook = {
  id: '4f6e2b1a-9c3d-4e5f-8a7b-1c2d3e4f5a6b',
  name: 'ci',
  url: 'http://127.0.0.1:8000/channels/webhooks/4f6e2b1a-9c3d-4e5f-8a7b-1c2d3e4f5a6b',
  acts_as: { api_key_id: KEY_ID },
  enabled: false,
  created_by: 'user:admin@kyros.local',
  secret_rotated_at: null,
  created_at: '2026-12-06T15:00:00.000Z',
  updated_at: '2026-12-06T15:00:00.000Z',
};

const adminData = {
  inbound: [webhook],
  subscriptions: [],
  slackLinks: [
    {
      team_id: 'T0123ABCD',
      slack_user_id: 'U0123ABCD',
      user_id: '1b2c2b1a-9c3d-4e5f-8a7b-1c2d3e4f5a6b',
      user_email: 'ada@example.com',
      created_by: 'user:admin@kyros.local',
      created_at: '2026-12-06T15:00:00.000Z',
    },
  ],
  principals: [{ value: `key:${KEY_ID}`, label: 'key ci → agent-ci' }],
  people: [
    { email: 'ada@example.com', role: 'operator' },
    { email: 'bob@example.com', role: 'viewer' },
  ],
  log: null,
};

function renderTriggers(options: {
  role: string;
  admin: typeof adminData | null;
  action?: (args: { request: Request }) => Promise<unknown>;
}) {
  const Stub = createRemixStub([
    {
      path: '/remote/triggers',
      loader: () => ({ channels, admin: options.admin, now }),
      action: options.action ?? (() => ({ ok: true })),
      Component: () => (
        <RoleContext.Provider value={options.role}>
          <ToastProvider timeoutMs={0}>
            <RemoteTriggers />
          </ToastProvider>
        </RoleContext.Provider>
      ),
    },
  ]);
  render(<Stub initialEntries={['/remote/triggers']} future={{ v3_fetcherPersist: true }} />);
}

describe('Remote › Triggers', () => {
  it('shows a viewer the channels read-only, and says who may manage webhooks', async () => {
    renderTriggers({ role: 'viewer', admin: null });

    const cards = await screen.findByTestId('trigger-cards');
    expect(within(cards).getByTestId('trigger-webhooks').textContent).toContain('enabled');
    expect(within(cards).getByTestId('trigger-slack').textContent).toContain('not configured');
    expect(within(cards).getByTestId('trigger-email').textContent).toContain(
      'KYROS_EMAIL_ALLOWLIST',
    );
    for (const section of ['triggers-inbound', 'triggers-outbound', 'triggers-slack-users']) {
      expect(screen.getByTestId(section).textContent).toContain('Your role (viewer) cannot');
    }
    expect(screen.queryByTestId('slack-link-form')).toBeNull();
    expect(screen.queryByTestId('inbound-form')).toBeNull();
    expect(screen.queryByTestId('webhook-test-fire')).toBeNull();
  });

  it('shows progress while a test-fire runs, then the problem detail the API answered', async () => {
    const user = userEvent.setup();
    let answer: (value: unknown) => void = () => undefined;
    renderTriggers({
      role: 'admin',
      admin: adminData,
      action: () => new Promise((resolve) => (answer = resolve)),
    });

    const row = await screen.findByTestId('inbound-webhook');
    await user.click(within(row).getByTestId('webhook-test-fire'));
    expect((await within(row).findByText('Firing…')).closest('button')?.disabled).toBe(true);
    answer({ ok: false, status: 403, title: 'Forbidden', detail: 'Webhook ci is disabled' });

    expect((await screen.findByTestId('toast-detail')).textContent).toBe('Webhook ci is disabled');
    expect(within(row).getByTestId('webhook-test-fire').textContent).toBe('Test-fire');
  });

  it('links a Slack user to a Kyros user by posting the ids and the email the admin chose', async () => {
    const user = userEvent.setup();
    const posted: Record<string, FormDataEntryValue>[] = [];
    renderTriggers({
      role: 'admin',
      admin: adminData,
      action: async ({ request }: { request: Request }) => {
        posted.push(Object.fromEntries(await request.formData()));
        return { ok: true, message: 'T0999/U0999 now acts as bob@example.com' };
      },
    });

    const linked = await screen.findByTestId('slack-link');
    expect(linked.textContent).toContain('T0123ABCD/U0123ABCD');
    expect(linked.textContent).toContain('ada@example.com');
    await user.type(screen.getByTestId('slack-team-id'), 'T0999');
    await user.type(screen.getByTestId('slack-user-id'), 'U0999');
    await user.selectOptions(screen.getByTestId('slack-user-email'), 'bob@example.com');
    await user.click(screen.getByTestId('slack-link-create'));

    expect((await screen.findByTestId('toast')).textContent).toContain('now acts as');
    expect(posted).toEqual([
      {
        intent: 'slack-link',
        team_id: 'T0999',
        slack_user_id: 'U0999',
        user_email: 'bob@example.com',
      },
    ]);
  });
});
