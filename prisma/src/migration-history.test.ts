import { describe, expect, it } from 'vitest';
import { compareHistory, isUpToDate, type MigrationRecord } from './migration-history.ts';
import { migrationChecksum, scriptMatchesChecksum } from './migrations-directory.ts';

const file = (name: string, script = `-- ${name}\n`) => ({
  name,
  script,
  checksum: migrationChecksum(script),
});

const record = (name: string, overrides: Partial<MigrationRecord> = {}): MigrationRecord => ({
  id: `id-${name}`,
  checksum: migrationChecksum(`-- ${name}\n`),
  finishedAt: new Date('2026-11-25T10:00:01Z'),
  migrationName: name,
  logs: null,
  rolledBackAt: null,
  startedAt: new Date('2026-11-25T10:00:00Z'),
  appliedStepsCount: 1,
  ...overrides,
});

describe('migration checksums', () => {
  it('are the zero-padded sha256 hex of the script, as Prisma writes them', () => {
    expect(migrationChecksum('hello')).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });

  it('match a script whose line endings changed either way', () => {
    const unix = 'CREATE TABLE a ();\nCREATE TABLE b ();\n';
    const windows = unix.replaceAll('\n', '\r\n');
    expect(scriptMatchesChecksum(windows, migrationChecksum(unix))).toBe(true);
    expect(scriptMatchesChecksum(unix, migrationChecksum(windows))).toBe(true);
  });

  it('match the unpadded hex that old Prisma engines recorded', () => {
    const script = 'hello';
    const unpadded = [...Buffer.from(migrationChecksum(script), 'hex')]
      .map((byte) => byte.toString(16))
      .join('');
    expect(unpadded.length).toBeLessThan(64);
    expect(scriptMatchesChecksum(script, unpadded)).toBe(true);
  });

  it('do not match an edited script', () => {
    expect(scriptMatchesChecksum('abc\n', migrationChecksum('abc'))).toBe(false);
  });
});

describe('compareHistory', () => {
  it('lists what is applied and what is pending, in directory order', () => {
    const status = compareHistory(
      [file('1_a'), file('2_b'), file('3_c')],
      [record('2_b'), record('1_a')],
    );
    expect(status).toEqual({
      applied: ['1_a', '2_b'],
      pending: ['3_c'],
      failed: [],
      checksumMismatch: [],
      unknown: [],
    });
    expect(isUpToDate(status)).toBe(false);
  });

  it('treats a started but unfinished record as failed, not pending', () => {
    const status = compareHistory(
      [file('1_a')],
      [record('1_a', { finishedAt: null, logs: 'boom' })],
    );
    expect(status.pending).toEqual([]);
    expect(status.failed).toEqual([
      { name: '1_a', startedAt: new Date('2026-11-25T10:00:00Z'), logs: 'boom' },
    ]);
  });

  it('ignores rolled-back records, so a resolved migration is pending again', () => {
    const status = compareHistory(
      [file('1_a')],
      [record('1_a', { finishedAt: null, rolledBackAt: new Date('2026-11-25T11:00:00Z') })],
    );
    expect(status).toMatchObject({ pending: ['1_a'], failed: [], applied: [] });
  });

  it('flags an applied migration whose file changed, and records the directory does not have', () => {
    const status = compareHistory([file('1_a', '-- edited\n')], [record('1_a'), record('0_gone')]);
    expect(status.checksumMismatch).toEqual(['1_a']);
    expect(status.unknown).toEqual(['0_gone']);
    expect(isUpToDate(status)).toBe(false);
  });
});
