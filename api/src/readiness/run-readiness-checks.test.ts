import { describe, expect, it } from 'vitest';
import { runReadinessChecks, type ReadinessProbes } from './run-readiness-checks.ts';

const healthy = (): ReadinessProbes => ({
  database: () => Promise.resolve('2 migrations applied'),
  temporal: () => Promise.resolve(),
  task_queue: () => Promise.resolve(),
  collaboration_dir: () => Promise.resolve(),
});

describe('runReadinessChecks', () => {
  it('is ready when every probe passes, keeping their details', async () => {
    const result = await runReadinessChecks(healthy(), 1000);
    expect(result.status).toBe('ready');
    expect(result.failing).toEqual([]);
    expect(result.checks.map((c) => c.name)).toEqual([
      'database',
      'temporal',
      'task_queue',
      'collaboration_dir',
    ]);
    expect(result.checks[0]?.detail).toBe('2 migrations applied');
  });

  it('names a probe that throws as failing, with its message as detail', async () => {
    const probes = healthy();
    probes.temporal = () => Promise.reject(new Error('connection refused'));
    const result = await runReadinessChecks(probes, 1000);
    expect(result.status).toBe('not_ready');
    expect(result.failing).toEqual(['temporal']);
    expect(result.checks.find((c) => c.name === 'temporal')).toMatchObject({
      ok: false,
      detail: 'connection refused',
    });
  });

  it('fails a probe that does not answer in time and aborts it', async () => {
    const probes = healthy();
    let aborted = false;
    probes.task_queue = (signal) =>
      new Promise((_, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      });
    const result = await runReadinessChecks(probes, 50);
    expect(result.failing).toEqual(['task_queue']);
    expect(result.checks.find((c) => c.name === 'task_queue')?.detail).toBe(
      'no answer within 50 ms',
    );
    expect(aborted).toBe(true);
  });

  it('degrades instead of failing when only a non-gating check fails', async () => {
    const probes = healthy();
    probes.task_queue = () => Promise.reject(new Error('Workflow execution timed out'));
    const result = await runReadinessChecks(probes, 1000, { nonGating: ['task_queue'] });
    expect(result).toMatchObject({ status: 'degraded', failing: [], degraded: ['task_queue'] });
    expect(result.checks.find((c) => c.name === 'task_queue')).toMatchObject({
      ok: false,
      gating: false,
      detail: 'Workflow execution timed out',
    });
    expect(result.checks.find((c) => c.name === 'database')).not.toHaveProperty('gating');
  });

  it('is not ready when a gating check fails, whatever the non-gating ones say', async () => {
    const probes = healthy();
    probes.database = () => Promise.reject(new Error('connection refused'));
    probes.task_queue = () => Promise.reject(new Error('no worker'));
    const result = await runReadinessChecks(probes, 1000, { nonGating: ['task_queue'] });
    expect(result).toMatchObject({
      status: 'not_ready',
      failing: ['database'],
      degraded: ['task_queue'],
    });
  });
});
