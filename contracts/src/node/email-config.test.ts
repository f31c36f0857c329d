import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const CONFIGURED = {
  KYROS_EMAIL_IMAP_HOST: 'imap.example.com',
  KYROS_EMAIL_IMAP_USER: 'kyros@example.com',
  KYROS_EMAIL_IMAP_PASSWORD: 'secret',
  KYROS_EMAIL_SMTP_HOST: 'smtp.example.com',
  KYROS_EMAIL_FROM: 'kyros@example.com',
  KYROS_EMAIL_ALLOWLIST: 'Ada@Example.com=ada@kyros.local, bob@example.com',
};

describe('the email channel configuration', () => {
  it('is off when nothing is set, and when the .env.example values are empty', () => {
    expect(loadConfig({}).channels.email).toBeUndefined();
    expect(
      loadConfig({ KYROS_EMAIL_IMAP_HOST: '', KYROS_EMAIL_ALLOWLIST: '' }).channels.email,
    ).toBeUndefined();
  });

  it('maps each sender (in lower case) to its user, with the defaults filled in', () => {
    const email = loadConfig(CONFIGURED).channels.email;
    expect(email).toMatchObject({
      imap: { host: 'imap.example.com', port: 993, tls: true, mailbox: 'INBOX' },
      smtp: { host: 'smtp.example.com', port: 587, tls: false, auth: undefined },
      pollSeconds: 60,
    });
    expect([...(email?.allowlist ?? [])]).toEqual([
      ['ada@example.com', 'ada@kyros.local'],
      ['bob@example.com', 'bob@example.com'],
    ]);
  });

  it.each([
    [{ ...CONFIGURED, KYROS_EMAIL_FROM: undefined }, /KYROS_EMAIL_FROM must be set when/],
    [{ KYROS_EMAIL_ALLOWLIST: 'a@example.com' }, /KYROS_EMAIL_IMAP_HOST must be set when/],
    [{ ...CONFIGURED, KYROS_EMAIL_ALLOWLIST: 'ada' }, /KYROS_EMAIL_ALLOWLIST has "ada"/],
    [{ ...CONFIGURED, KYROS_EMAIL_ALLOWLIST: 'a@x.io=b@x.io=c@x.io' }, /KYROS_EMAIL_ALLOWLIST/],
    [{ ...CONFIGURED, KYROS_EMAIL_SMTP_USER: 'u' }, /KYROS_EMAIL_SMTP_PASSWORD and/],
    [{ ...CONFIGURED, KYROS_EMAIL_POLL_SECONDS: '1' }, /KYROS_EMAIL_POLL_SECONDS/],
    [{ ...CONFIGURED, KYROS_EMAIL_IMAP_TLS: 'yes' }, /KYROS_EMAIL_IMAP_TLS must be true or false/],
  ])('a half or bad configuration stops start-up naming the variable (%#)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
