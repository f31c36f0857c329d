import { describe, expect, it } from 'vitest';
import { executorRunsInWorker } from './executor-placement.ts';

describe('executorRunsInWorker', () => {
  it('runs a per-file executor over one named file in the worker', () => {
    expect(executorRunsInWorker({ name: 'docs/format', args: { glob: 'docs/README.md' } })).toBe(
      true,
    );
    expect(executorRunsInWorker({ name: 'lint', args: { glob: 'src/index.ts' } })).toBe(true);
  });

  it('keeps a glob, a default glob and every other executor on the heartbeating activity', () => {
    expect(executorRunsInWorker({ name: 'docs/format', args: { glob: 'docs/*.md' } })).toBe(false);
    expect(executorRunsInWorker({ name: 'docs/format', args: {} })).toBe(false);
    expect(executorRunsInWorker({ name: 'lint', args: {} })).toBe(false);
    expect(executorRunsInWorker({ name: 'docs/changelog', args: { output: 'CHANGELOG.md' } })).toBe(
      false,
    );
    expect(
      executorRunsInWorker({
        name: 'flow/summarize-docs',
        args: { glob: 'docs/a.md', output: 'docs/SUMMARY.md' },
      }),
    ).toBe(false);
  });
});
