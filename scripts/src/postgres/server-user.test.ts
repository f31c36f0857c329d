import { describe, expect, it } from 'vitest';
import { findPasswdEntry } from './server-user.ts';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  'kyros-postgres:x:998:997::/nonexistent:/usr/sbin/nologin',
  '',
].join('\n');

describe('findPasswdEntry', () => {
  it('reads the uid and gid of the named account', () => {
    expect(findPasswdEntry(PASSWD, 'kyros-postgres')).toEqual({
      name: 'kyros-postgres',
      uid: 998,
      gid: 997,
    });
  });

  it('matches whole names only', () => {
    expect(findPasswdEntry(PASSWD, 'kyros')).toBeUndefined();
    expect(findPasswdEntry(PASSWD, 'postgre')).toBeUndefined();
  });
});
