import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SecretOnce } from './api-keys-panel.tsx';

describe('SecretOnce', () => {
  it('shows the new key once and copies it', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    render(<SecretOnce name="ci-agent" secret="kyr_abc123" />);

    expect(screen.getByTestId('api-key-secret').textContent).toBe('kyr_abc123');
    expect(screen.getByRole('status').textContent).toContain('shown only once');
    await user.click(screen.getByTestId('api-key-copy'));
    expect(writeText).toHaveBeenCalledWith('kyr_abc123');
    expect((await screen.findByTestId('api-key-copy')).textContent).toBe('✓ Copied');
  });
});
