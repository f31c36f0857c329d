import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToastProvider, useToast, type ToastTone } from './toasts.tsx';

function Trigger({ tone, title, detail }: { tone: ToastTone; title: string; detail?: string }) {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast.show({ tone, title, detail })}>
      notify
    </button>
  );
}

describe('toasts', () => {
  it('announces an error as an alert with its title and detail', async () => {
    const user = userEvent.setup();
    render(
      <ToastProvider timeoutMs={0}>
        <Trigger tone="error" title="Move refused" detail="T-4 changed meanwhile" />
      </ToastProvider>,
    );

    await user.click(screen.getByRole('button', { name: 'notify' }));

    const alert = screen.getByRole('alert');
    expect(within(alert).getByTestId('toast-title').textContent).toBe('Move refused');
    expect(within(alert).getByTestId('toast-detail').textContent).toBe('T-4 changed meanwhile');
  });

  it('shows success politely as a status and lets the person dismiss it', async () => {
    const user = userEvent.setup();
    render(
      <ToastProvider timeoutMs={0}>
        <Trigger tone="success" title="Saved" />
      </ToastProvider>,
    );

    await user.click(screen.getByRole('button', { name: 'notify' }));
    expect(screen.getByRole('status').dataset.tone).toBe('success');
    await user.click(screen.getByRole('button', { name: 'Dismiss notification' }));

    expect(screen.queryByTestId('toast')).toBeNull();
  });
});
