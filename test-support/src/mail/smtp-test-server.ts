import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for the email channel's outbound replies: the `smtp-server` package speaking
 * the protocol on 127.0.0.1 (ephemeral port, AUTH PLAIN/LOGIN without TLS), recording every
 * message it accepts, parsed with `mailparser`, for the test to read.
 */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The submitting client's user name (SMTP AUTH). */
  user: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  host: '127.0.0.1';
  port: number;
  account: { user: string; password: string };
  received: ReceivedMail[];
  /** Resolves with the first received message `match` accepts (now or when it arrives). */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const account = { user: 'kyros-smtp', password: `smtp-${Math.random().toString(36).slice(2)}` };
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === account.user && auth.password === account.password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const from = session.envelope.mailFrom;
          received.push({
            envelope: {
              from: from === false ? '' : from.address,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            user: typeof session.user === 'string' ? session.user : undefined,
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error('bad mail')),
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    account,
    received,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
