import { z } from 'zod';
import { ConfigError, type KyrosEnv } from './env.ts';

/** The email channel's settings (docs/CHANNELS.md#email), derived from the KYROS_EMAIL_* variables. */
export interface EmailChannelConfig {
  imap: {
    host: string;
    port: number;
    /** Implicit TLS (993); false means plain, upgraded with STARTTLS when the server offers it. */
    tls: boolean;
    user: string;
    password: string;
    mailbox: string;
    /** Where processed messages are moved; unset leaves them in `mailbox`, flagged \Seen. */
    processedMailbox: string | undefined;
  };
  smtp: {
    host: string;
    port: number;
    /** Implicit TLS (465); false means STARTTLS when the server offers it. */
    tls: boolean;
    /** Unset for a relay that needs no authentication. */
    auth: { user: string; password: string } | undefined;
    from: string;
  };
  pollSeconds: number;
  /** Sender address (lower case) → the Kyros user's email it acts as. */
  allowlist: ReadonlyMap<string, string>;
}

const REQUIRED = [
  'KYROS_EMAIL_IMAP_HOST',
  'KYROS_EMAIL_IMAP_USER',
  'KYROS_EMAIL_IMAP_PASSWORD',
  'KYROS_EMAIL_SMTP_HOST',
  'KYROS_EMAIL_FROM',
  'KYROS_EMAIL_ALLOWLIST',
] as const;

/** Off when none of the required variables is set; one missing among them stops start-up. */
export function emailChannelConfig(env: KyrosEnv): EmailChannelConfig | undefined {
  if (REQUIRED.every((name) => env[name] === undefined)) return undefined;
  const missing = REQUIRED.find((name) => env[name] === undefined);
  if (missing) {
    throw new ConfigError(missing, `must be set when the email channel is configured`);
  }
  const [imapHost, imapUser, imapPassword, smtpHost, from, allowlist] = REQUIRED.map(
    (name) => env[name] ?? '',
  ) as [string, string, string, string, string, string];
  if ((env.KYROS_EMAIL_SMTP_USER === undefined) !== (env.KYROS_EMAIL_SMTP_PASSWORD === undefined)) {
    throw new ConfigError('KYROS_EMAIL_SMTP_PASSWORD', 'and KYROS_EMAIL_SMTP_USER go together');
  }
  return {
    imap: {
      host: imapHost,
      port: env.KYROS_EMAIL_IMAP_PORT,
      tls: env.KYROS_EMAIL_IMAP_TLS,
      user: imapUser,
      password: imapPassword,
      mailbox: env.KYROS_EMAIL_IMAP_MAILBOX,
      processedMailbox: env.KYROS_EMAIL_PROCESSED_MAILBOX,
    },
    smtp: {
      host: smtpHost,
      port: env.KYROS_EMAIL_SMTP_PORT,
      tls: env.KYROS_EMAIL_SMTP_TLS,
      auth:
        env.KYROS_EMAIL_SMTP_USER && env.KYROS_EMAIL_SMTP_PASSWORD
          ? { user: env.KYROS_EMAIL_SMTP_USER, password: env.KYROS_EMAIL_SMTP_PASSWORD }
          : undefined,
      from,
    },
    pollSeconds: env.KYROS_EMAIL_POLL_SECONDS,
    allowlist: parseEmailAllowlist(allowlist),
  };
}

const Address = z.email();

/**
 * `ada@example.com=ada@kyros.local, bob@example.com`: each sender, optionally `=` the Kyros user
 * it acts as (the same address when omitted). Addresses compare in lower case.
 */
export function parseEmailAllowlist(text: string): Map<string, string> {
  const allowlist = new Map<string, string>();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const [sender = '', user = sender, ...rest] = entry.split('=');
    for (const address of [sender, user]) {
      if (rest.length > 0 || !Address.safeParse(address).success) {
        throw new ConfigError(
          'KYROS_EMAIL_ALLOWLIST',
          `has ${JSON.stringify(entry)}: each entry is sender@domain or sender@domain=user@domain`,
        );
      }
    }
    allowlist.set(sender.toLowerCase(), user.toLowerCase());
  }
  return allowlist;
}
