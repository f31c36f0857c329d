import type { Lease } from '@kyros/contracts/schemas/collab-leases';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LeasesTable } from './leases-table.tsx';

const now = Date.parse('2026-11-25T10:00:00.000Z');

function lease(id: number, expiresInSeconds: number, ttl = 300): Lease {
  const expires = new Date(now + expiresInSeconds * 1000).toISOString();
  return {
    lock_id: `lease-${id}`,
    resource: `src/module-${id}/**`,
    holder: `agent-${id}`,
    acquired_at: '2026-11-25T09:00:00.000Z',
    ttl_seconds: ttl,
    heartbeat_at: '2026-11-25T09:55:00.000Z',
    expires_at: expires,
    fencing_token: id,
    task_id: 'T-7',
  };
}

describe('LeasesTable', () => {
  it('shows holder, resource and the time left as a countdown', () => {
    render(<LeasesTable leases={[lease(1, 125)]} now={now} />);

    const row = screen.getByTestId('lease-row-lease-1');
    expect(row.dataset.stale).toBe('false');
    expect(within(row).getByTestId('lease-holder').textContent).toBe('agent-1');
    expect(within(row).getByTestId('lease-resource').textContent).toBe('src/module-1/**');
    expect(within(row).getByTestId('lease-ttl').textContent).toContain('2:05');
  });

  it('highlights a lease whose time ran out as stale', () => {
    render(<LeasesTable leases={[lease(1, 60), lease(2, -90)]} now={now} />);

    const stale = screen.getByTestId('lease-row-lease-2');
    expect(stale.dataset.stale).toBe('true');
    expect(within(stale).getByTestId('lease-stale').textContent).toBe('Stale · expired 1:30 ago');
    expect(within(stale).queryByTestId('lease-ttl')).toBeNull();
    expect(screen.getByTestId('lease-row-lease-1').dataset.stale).toBe('false');
  });

  it('counts down as time passes', () => {
    const { rerender } = render(<LeasesTable leases={[lease(1, 10)]} now={now} />);
    expect(screen.getByTestId('lease-ttl').textContent).toContain('0:10');

    rerender(<LeasesTable leases={[lease(1, 10)]} now={now + 11_000} />);

    expect(screen.getByTestId('lease-row-lease-1').dataset.stale).toBe('true');
  });
});
