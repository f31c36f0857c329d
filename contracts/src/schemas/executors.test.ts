import { describe, expect, it } from 'vitest';
import { ExecutorSpecSchema } from './executors.ts';

describe('ExecutorSpecSchema', () => {
  it('fills each executor’s defaults', () => {
    expect(ExecutorSpecSchema.parse({ name: 'docs/format' })).toEqual({
      name: 'docs/format',
      args: {},
    });
  });

  it('refuses an unknown executor', () => {
    expect(ExecutorSpecSchema.safeParse({ name: 'shell', args: { cmd: 'rm -rf /' } }).success).toBe(
      false,
    );
  });

  it('refuses arguments the executor does not take, naming them', () => {
    const result = ExecutorSpecSchema.safeParse({
      name: 'lint',
      args: { glob: '*.ts', fix: true },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['args']);
  });

  it('refuses a changelog range that is not a plain revision range', () => {
    const result = ExecutorSpecSchema.safeParse({
      name: 'docs/changelog',
      args: { range: 'HEAD; rm -rf /' },
    });
    expect(result.success).toBe(false);
  });

  it('refuses a changelog range that git could read as an option', () => {
    const result = ExecutorSpecSchema.safeParse({
      name: 'docs/changelog',
      args: { range: '--all' },
    });
    expect(result.success).toBe(false);
  });
});
