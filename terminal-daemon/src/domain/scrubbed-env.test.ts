import { describe, expect, it } from 'vitest';
import { sessionEnvironment } from './scrubbed-env.ts';

describe('sessionEnvironment', () => {
  const inherited = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/kyros',
    LANG: 'C.UTF-8',
    LC_TIME: 'en_GB.UTF-8',
    DATABASE_URL: 'postgresql://kyros:pw@db/kyros',
    KYROS_JWT_SECRET: 'x'.repeat(40),
    KYROS_API_KEY: 'kyr_secret',
    TEMPORAL_API_KEY: 'temporal-secret',
    AWS_SECRET_ACCESS_KEY: 'aws',
    SOMETHING_NEW: 'unknown variables are dropped too',
  };

  it('passes on only the allowlisted variables and sets the terminal ones', () => {
    const env = sessionEnvironment({
      inherited,
      shell: '/bin/bash',
      sessionId: 'ts_1',
      taskId: 'T-101',
    });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/kyros',
      LANG: 'C.UTF-8',
      LC_TIME: 'en_GB.UTF-8',
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      KYROS_TERMINAL_SESSION: 'ts_1',
      KYROS_TASK_ID: 'T-101',
    });
  });

  it('gives a PATH when the daemon had none, and no task id without a task', () => {
    const env = sessionEnvironment({
      inherited: {},
      shell: '/bin/sh',
      sessionId: 'ts_2',
      taskId: null,
    });
    expect(env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    expect(env).not.toHaveProperty('KYROS_TASK_ID');
  });
});
