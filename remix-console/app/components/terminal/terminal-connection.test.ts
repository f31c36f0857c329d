import { describe, expect, it } from 'vitest';
import { parseControl, readResumePoint, resumeKey, sessionUrl } from './terminal-connection.ts';

describe('terminal connection', () => {
  const grant = { ticket: 'kwt_abc', url: 'ws://127.0.0.1:7681/' };

  it('opens a new session with the terminal size, or resumes one with its token', () => {
    expect(sessionUrl(grant, { cols: 100, rows: 30 }, undefined)).toBe(
      'ws://127.0.0.1:7681/?ticket=kwt_abc&cols=100&rows=30',
    );
    const resume = { session_id: 'ts_1', resume_token: 'tok' };
    expect(sessionUrl(grant, { cols: 100, rows: 30 }, resume)).toBe(
      'ws://127.0.0.1:7681/?ticket=kwt_abc&session=ts_1&resume=tok',
    );
  });

  it('keeps one resume point per task, and ignores what it cannot read', () => {
    expect(resumeKey('T-101')).not.toBe(resumeKey(null));
    sessionStorage.setItem('a', JSON.stringify({ session_id: 'ts_1', resume_token: 'tok' }));
    sessionStorage.setItem('b', '{not json');
    sessionStorage.setItem('c', JSON.stringify({ session_id: 1 }));
    expect(readResumePoint(sessionStorage, 'a')).toEqual({
      session_id: 'ts_1',
      resume_token: 'tok',
    });
    expect(readResumePoint(sessionStorage, 'b')).toBeUndefined();
    expect(readResumePoint(sessionStorage, 'c')).toBeUndefined();
    expect(readResumePoint(sessionStorage, 'missing')).toBeUndefined();
  });

  it('reads the daemon’s control messages and nothing else', () => {
    expect(parseControl('{"type":"exit","exit_code":3}')).toEqual({ type: 'exit', exit_code: 3 });
    expect(parseControl('{"type":"surprise"}')).toBeUndefined();
    expect(parseControl('not json')).toBeUndefined();
  });
});
