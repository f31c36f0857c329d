import { describe, expect, it } from 'vitest';
import { classifyPostmaster } from './stale-postmaster.ts';

const PGDATA = '/data/postgres/pgdata';
const cmdline = (...args: string[]) => args.join('\0') + '\0';

describe('classifyPostmaster', () => {
  it('calls a pid that no longer runs dead', () => {
    expect(classifyPostmaster(PGDATA, false, undefined)).toBe('dead');
  });

  it('recognises a postgres still serving this data directory', () => {
    const args = cmdline('/x/native/bin/postgres', '-D', PGDATA, '-p', '5433');
    expect(classifyPostmaster(PGDATA, true, args)).toBe('running');
  });

  it('treats a postgres of another data directory as someone else reusing the pid', () => {
    const args = cmdline('/x/native/bin/postgres', '-D', '/elsewhere/pgdata');
    expect(classifyPostmaster(PGDATA, true, args)).toBe('pid-reused');
  });

  it('treats any other live process as a reused pid', () => {
    expect(classifyPostmaster(PGDATA, true, cmdline('/usr/bin/node', 'server.js'))).toBe(
      'pid-reused',
    );
  });
});
