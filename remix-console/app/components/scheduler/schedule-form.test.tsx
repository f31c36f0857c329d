import { createRemixStub } from '@remix-run/testing';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToastProvider } from '../toasts.tsx';
import { ScheduleForm } from './schedule-form.tsx';

function renderForm(role = 'operator') {
  const Stub = createRemixStub([
    {
      path: '/scheduler',
      Component: () => (
        <ToastProvider>
          <ScheduleForm
            presets={[{ id: 'p1', name: 'release-notes' }]}
            role={role}
            defaultTimeZone="UTC"
            now={Date.parse('2026-11-25T21:37:00Z')}
          />
        </ToastProvider>
      ),
    },
  ]);
  render(<Stub initialEntries={['/scheduler']} />);
}

describe('ScheduleForm', () => {
  it('sends a cron by default and a one-shot time after switching, never both', async () => {
    renderForm();

    const form = await screen.findByTestId<HTMLFormElement>('schedule-form');
    expect(new FormData(form).get('kind')).toBe('cron');
    expect(new FormData(form).get('cron')).toBe('0 9 * * 1-5');
    await userEvent.click(screen.getByTestId('schedule-kind-once'));
    expect(new FormData(form).get('kind')).toBe('once');
    expect(new FormData(form).get('cron')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('schedule-run-at').value).toBe(
      '2026-11-25T22:00:00Z',
    );
  });

  it('fills the cron field from an example', async () => {
    renderForm();

    await userEvent.click(await screen.findByRole('button', { name: 'Every hour' }));
    expect(screen.getByTestId<HTMLInputElement>('schedule-cron').value).toBe('@hourly');
  });

  it('disables creating for an agent key holder', async () => {
    renderForm('agent');

    const button = await screen.findByTestId<HTMLButtonElement>('schedule-create');
    expect(button.disabled).toBe(true);
    expect(button.title).toContain('cannot create schedules');
  });
});
