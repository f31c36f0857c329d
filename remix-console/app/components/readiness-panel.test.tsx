import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiReadiness } from '../lib/readiness.ts';
import { ReadinessPanel } from './readiness-panel.tsx';

const checkedAt = '2026-11-25T09:30:15.000Z';
const url = 'http://127.0.0.1:8000/readyz';

describe('ReadinessPanel', () => {
  it('shows every check with its state, detail and duration when the API is ready', () => {
    const readiness: ApiReadiness = {
      state: 'ready',
      url,
      checkedAt,
      checks: [
        { name: 'database', ok: true, detail: '1 of 1 migrations applied', durationMs: 12 },
        { name: 'temporal', ok: true, durationMs: 30 },
        { name: 'task_queue', ok: true, durationMs: 410 },
        { name: 'collaboration_dir', ok: true, durationMs: 2 },
      ],
    };
    render(<ReadinessPanel readiness={readiness} />);

    expect(screen.getByTestId('api-status')).toHaveProperty('textContent', 'Ready');
    const database = screen.getByTestId('readiness-check-database');
    expect(within(database).getByText('Database')).toBeDefined();
    expect(within(database).getByTestId('readiness-check-status').textContent).toBe('OK');
    expect(within(database).getByTestId('readiness-check-detail').textContent).toBe(
      '1 of 1 migrations applied',
    );
    expect(within(database).getByTestId('readiness-check-duration').textContent).toBe('12 ms');
    for (const name of ['temporal', 'task_queue', 'collaboration_dir']) {
      expect(screen.getByTestId(`readiness-check-${name}`).dataset.ok).toBe('true');
    }
    expect(screen.getByTestId('readiness-checked-at').textContent).toBe('Checked at 09:30:15 UTC');
    expect(screen.queryByTestId('api-unreachable')).toBeNull();
  });

  it('marks the failing checks and the overall state when the API is not ready', () => {
    const readiness: ApiReadiness = {
      state: 'not_ready',
      url,
      checkedAt,
      checks: [
        { name: 'database', ok: true, durationMs: 8 },
        {
          name: 'temporal',
          ok: false,
          detail: 'connect ECONNREFUSED 127.0.0.1:7233',
          durationMs: 5001,
        },
        {
          name: 'task_queue',
          ok: false,
          detail: 'skipped: Temporal is unreachable',
          durationMs: 0,
        },
        { name: 'collaboration_dir', ok: true, durationMs: 1 },
      ],
    };
    render(<ReadinessPanel readiness={readiness} />);

    const status = screen.getByTestId('api-status');
    expect(status.textContent).toBe('Not ready');
    expect(status.dataset.state).toBe('not_ready');
    const temporal = screen.getByTestId('readiness-check-temporal');
    expect(temporal.dataset.ok).toBe('false');
    expect(within(temporal).getByTestId('readiness-check-status').textContent).toBe('Failing');
    expect(within(temporal).getByText('connect ECONNREFUSED 127.0.0.1:7233')).toBeDefined();
    expect(within(temporal).getByTestId('readiness-check-duration').textContent).toBe('5001 ms');
    const failing = screen
      .getAllByTestId('readiness-check-status')
      .filter((badge) => badge.textContent === 'Failing');
    expect(failing).toHaveLength(2);
    expect(screen.getByTestId('readiness-check-database').dataset.ok).toBe('true');
  });

  it('shows a busy worker as degraded, not failing, while the API stays ready', () => {
    const readiness: ApiReadiness = {
      state: 'degraded',
      url,
      checkedAt,
      checks: [
        { name: 'database', ok: true, durationMs: 8 },
        { name: 'temporal', ok: true, durationMs: 20 },
        {
          name: 'task_queue',
          ok: false,
          gating: false,
          detail: 'Workflow execution timed out (took 5001 ms, 2 s ago)',
          durationMs: 0,
        },
        { name: 'collaboration_dir', ok: true, durationMs: 1 },
      ],
    };
    render(<ReadinessPanel readiness={readiness} />);

    const status = screen.getByTestId('api-status');
    expect(status.textContent).toBe('Ready, degraded');
    expect(status.dataset.state).toBe('degraded');
    const taskQueue = screen.getByTestId('readiness-check-task_queue');
    expect(taskQueue.dataset.ok).toBe('false');
    expect(within(taskQueue).getByTestId('readiness-check-status').textContent).toBe('Degraded');
    expect(
      screen
        .getAllByTestId('readiness-check-status')
        .filter((badge) => badge.textContent === 'Failing'),
    ).toHaveLength(0);
  });

  it('says the API is unreachable, and why, instead of showing checks', () => {
    const readiness: ApiReadiness = {
      state: 'unreachable',
      url,
      checkedAt,
      reason: 'connect ECONNREFUSED 127.0.0.1:8000',
    };
    render(<ReadinessPanel readiness={readiness} refreshEverySeconds={5} />);

    expect(screen.getByTestId('api-status').textContent).toBe('API unreachable');
    const alert = screen.getByRole('alert');
    expect(alert.dataset.testid).toBe('api-unreachable');
    expect(within(alert).getByTestId('api-error').textContent).toBe(
      'connect ECONNREFUSED 127.0.0.1:8000',
    );
    expect(screen.queryByTestId('readiness-checks')).toBeNull();
    expect(screen.getByTestId('readiness-refresh').textContent).toBe('Refreshes every 5 s');
  });
});
