import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { ensureDebianPackage } from '@kyros/scripts/debian-package';
import { freePort } from '@kyros/scripts/free-port';

/**
 * A real IMAP server for the email channel's tests: Debian's Dovecot, installed with apt when
 * missing (as `npm run browsers:install` installs Chromium), run in the foreground
 * (`dovecot -F -c <conf>`) with a generated config in a temp dir: plain auth on 127.0.0.1 from a
 * passwd-file, a maildir in the temp dir, a free non-privileged port, no TLS.
 */
export const DOVECOT_PATH = '/usr/sbin/dovecot';

export interface MailUser {
  user: string;
  password: string;
}

export interface DovecotTestServer {
  host: '127.0.0.1';
  port: number;
  /** The mailbox owner the channel logs in as. */
  account: MailUser;
  /** Puts a message into INBOX with IMAP APPEND, unseen, as a mail delivery would. */
  append(mail: TestMail): Promise<void>;
  /** Message-ID → whether it is flagged \Seen, for every message in the mailbox (INBOX). */
  seen(mailbox?: string): Promise<Map<string, boolean>>;
  /** The dovecot log (kept for a failing test's message). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export interface TestMail {
  /** Omitted: a message without a From header. */
  from?: string;
  to?: string;
  subject: string;
  text: string;
  messageId: string;
  references?: string[];
}

/** RFC 5322 text of a test message (CRLF line ends). */
export function testMailSource(mail: TestMail): string {
  const headers = [
    ...(mail.from === undefined ? [] : [`From: ${mail.from}`]),
    `To: ${mail.to ?? 'kyros@localhost'}`,
    `Subject: ${mail.subject}`,
    `Message-ID: ${mail.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...(mail.references?.length ? [`References: ${mail.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${mail.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

export async function startDovecotTestServer(): Promise<DovecotTestServer> {
  const dovecot = await ensureDebianPackage(
    { name: 'dovecot-imapd', executable: DOVECOT_PATH, size: 'about 10 MB' },
    (line) => console.info(`[dovecot] ${line}`),
  );
  const root = await mkdtemp(path.join(os.tmpdir(), 'kyros-dovecot-'));
  // The mail processes run as an unprivileged user (Dovecot refuses root for mail access).
  const mailOwner = mailOwnerIds();
  await chmod(root, 0o755);
  const mailDir = path.join(root, 'mail');
  await mkdir(mailDir);
  await chown(mailDir, mailOwner.uid, mailOwner.gid);
  const account = { user: 'kyros', password: `pw-${path.basename(root)}` };
  const passwdFile = path.join(root, 'passwd');
  await writeFile(passwdFile, `${account.user}:{PLAIN}${account.password}\n`, { mode: 0o644 });
  const port = await freePort();
  const configFile = path.join(root, 'dovecot.conf');
  await writeFile(configFile, dovecotConfig({ root, port, passwdFile, mailDir, mailOwner }));
  const child = spawn(dovecot, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = async () =>
    `${output}${await readFile(path.join(root, 'dovecot.log'), 'utf8').catch(() => '')}`;
  try {
    await waitForGreeting(port, child, log);
  } catch (error) {
    await stopChild(child);
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const withImap = async <T>(use: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: account.user, pass: account.password },
      logger: false,
    });
    await imap.connect();
    try {
      return await use(imap);
    } finally {
      await imap.logout();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    account,
    append: (mail) =>
      withImap(async (imap) => void (await imap.append('INBOX', testMailSource(mail)))),
    seen: (mailbox = 'INBOX') =>
      withImap(async (imap) => {
        const seen = new Map<string, boolean>();
        const lock = await imap.getMailboxLock(mailbox);
        try {
          if (imap.mailbox && imap.mailbox.exists === 0) return seen;
          for await (const message of imap.fetch('1:*', { envelope: true, flags: true })) {
            seen.set(message.envelope?.messageId ?? '', message.flags?.has('\\Seen') ?? false);
          }
        } finally {
          lock.release();
        }
        return seen;
      }),
    log,
    async stop() {
      await stopChild(child);
      await rm(root, { recursive: true, force: true });
    },
  };
}

interface ConfigOptions {
  root: string;
  port: number;
  passwdFile: string;
  mailDir: string;
  mailOwner: { uid: number; gid: number; login: string; internal: string };
}

function dovecotConfig(o: ConfigOptions): string {
  return `# Generated by test-support/src/mail/dovecot-test-server.ts for one test run.
instance_name = kyros-test-${path.basename(o.root)}
base_dir = ${o.root}/run
state_dir = ${o.root}/state
log_path = ${o.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${o.mailOwner.login}
default_internal_user = ${o.mailOwner.internal}
first_valid_uid = ${Math.min(o.mailOwner.uid, 500)}
mail_location = maildir:${o.mailDir}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.passwdFile}
}
userdb {
  driver = static
  args = uid=${o.mailOwner.uid} gid=${o.mailOwner.gid} home=${o.mailDir}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

/** As root: `nobody` owns the mail, Debian's `dovenull`/`dovecot` users run login and internals. */
function mailOwnerIds(): ConfigOptions['mailOwner'] {
  if (process.getuid?.() === 0) {
    return { uid: 65534, gid: 65534, login: 'dovenull', internal: 'dovecot' };
  }
  const me = os.userInfo();
  return { uid: me.uid, gid: me.gid, login: me.username, internal: me.username };
}

/** Ready once the IMAP greeting arrives; an early exit fails with Dovecot's own words. */
async function waitForGreeting(port: number, child: ChildProcess, log: () => Promise<string>) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode}):\n${await log()}`);
    }
    if (await greets(port)) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on ${port}:\n${await log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(2000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
