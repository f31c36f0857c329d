import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SecretOnce } from './secret-once.tsx';

describe('SecretOnce', () => {
  it('shows the new secret once and copies it', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    render(
      <SecretOnce secret="kyr_abc123" testId="api-key">
        Key ci-agent created.
      </SecretOnce>,
    );

    expect(screen.getByTestId('api-key-secret').textContent).toBe('kyr_abc123');
    expect(screen.getByRole('status').textContent).toContain('Key ci-agent created.');
    expect(screen.getByRole('status').textContent).toContain('shown only once');
    await user.click(screen.getByTestId('api-key-copy'));
    expect(writeText).toHaveBeenCalledWith('kyr_abc123');
    expect((await screen.findByTestId('api-key-copy')).textContent).toBe('✓ Copied');
  });
});
