import { describe, expect } from 'vitest';
import { createKyrosClient } from '@kyros/contracts/client/kyros-client';
import { ChannelListResponse } from '@kyros/contracts/schemas/channels';
import { EMAIL_POLL_SCHEDULE_ID, emailPollWorkflow } from '@kyros/workflows/email-poll-workflow';
import type { DovecotTestServer } from '@kyros/test-support/mail/dovecot-test-server';
import type { SmtpTestServer } from '@kyros/test-support/mail/smtp-test-server';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';
import { reconcileEmailPollSchedule } from '../schedules/email-poll-schedule.ts';

// The email channel end to end: a real Dovecot IMAP server holds the mail, a real SMTP server
// (smtp-server) receives the replies, the poll runs as a Temporal activity on a real dev server
// and hands each message to the real API.
let dovecot: DovecotTestServer;
let smtp: SmtpTestServer;
let stack: Stack;
const ADA = { sender: 'Ada@Example.com', user: 'ada@kyros.test' };
const BOB = { sender: 'bob@example.com', user: 'bob@kyros.test' };
const EMAIL_LIMIT = 3;

// The stack's email settings point at the mail fixture's servers.
test.override({
  stackOptions: [
    async ({ mail: { dovecot, smtp } }, use) =>
      use({
        seedPresets: true,
        rateLimits: { email: EMAIL_LIMIT },
        env: {
          KYROS_EMAIL_IMAP_HOST: dovecot.host,
          KYROS_EMAIL_IMAP_PORT: String(dovecot.port),
          KYROS_EMAIL_IMAP_TLS: 'false',
          KYROS_EMAIL_IMAP_USER: dovecot.account.user,
          KYROS_EMAIL_IMAP_PASSWORD: dovecot.account.password,
          KYROS_EMAIL_PROCESSED_MAILBOX: 'Processed',
          KYROS_EMAIL_SMTP_HOST: smtp.host,
          KYROS_EMAIL_SMTP_PORT: String(smtp.port),
          KYROS_EMAIL_SMTP_USER: smtp.account.user,
          KYROS_EMAIL_SMTP_PASSWORD: smtp.account.password,
          KYROS_EMAIL_FROM: 'kyros@kyros.test',
          KYROS_EMAIL_POLL_SECONDS: '3600',
          KYROS_EMAIL_ALLOWLIST: `${ADA.sender}=${ADA.user}, ${BOB.sender}=${BOB.user}, nobody-user@example.com`,
        },
      }),
    { scope: 'file' },
  ],
});

test.beforeAll(async ({ stack: started, mail }) => {
  ({ dovecot, smtp } = mail);
  stack = started;
  const admin = createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.adminToken });
  await admin.admin.createUser({ email: ADA.user, password: 'ada-password-123', role: 'agent' });
  await stack.startWorker();
});

const task = (id: string) => stack.collaboration.store.tasks.doc.tasks.find((t) => t.id === id);
const emailRows = () =>
  stack.auth.prisma.channelCommand.findMany({
    where: { channel: 'email' },
    orderBy: { createdAt: 'asc' },
  });

async function poll(id: string) {
  const client = await stack.temporalClient();
  return client.workflow.execute(emailPollWorkflow, {
    workflowId: `${id}-${Date.now()}`,
    taskQueue: stack.config.temporal.taskQueue,
  });
}

describe('the email channel', () => {
  test('runs a mailed command once across two concurrent polls and sends one threaded reply', async () => {
    await dovecot.append({
      from: `Ada Lovelace <${ADA.sender}>`,
      subject: 'claim T-100',
      text: 'Thanks!',
      messageId: '<claim-1@example.com>',
      references: ['<earlier@example.com>'],
    });
    const [first, second] = await Promise.all([poll('poll-a'), poll('poll-b')]);
    expect(first.executed + second.executed).toBe(1);
    expect(first.replied + second.replied).toBe(1);

    expect(task('T-100')).toMatchObject({ status: 'claimed', assignee: `user:${ADA.user}` });
    const rows = await emailRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      principal: `user:${ADA.user}`,
      rawText: 'claim T-100',
      command: { command: 'claim', task: 'T-100' },
      outcome: 'ok',
      replyStatus: 'sent',
    });
    const claims = await stack.auth.prisma.emailMessage.findMany();
    expect(claims).toMatchObject([{ messageId: '<claim-1@example.com>', commandId: rows[0]?.id }]);

    const reply = await smtp.waitFor((mail) => mail.parsed.inReplyTo === '<claim-1@example.com>');
    expect(reply.user).toBe(smtp.account.user);
    expect(reply.envelope.from).toBe('kyros@kyros.test');
    expect(reply.envelope.to.map((to) => to.toLowerCase())).toEqual([ADA.sender.toLowerCase()]);
    expect(reply.parsed.subject).toBe('Re: claim T-100');
    expect(reply.parsed.references).toEqual(['<earlier@example.com>', '<claim-1@example.com>']);
    expect(reply.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(reply.parsed.text).toContain('T-100 moved queued → claimed');
    expect(
      smtp.received.filter((mail) => mail.parsed.inReplyTo === '<claim-1@example.com>'),
    ).toHaveLength(1);
    // Flagged \Seen and moved out of INBOX into the processed folder.
    expect((await dovecot.seen('Processed')).get('<claim-1@example.com>')).toBe(true);
    expect((await dovecot.seen()).has('<claim-1@example.com>')).toBe(false);

    // A third poll finds nothing new.
    expect(await poll('poll-c')).toMatchObject({ fetched: 0, executed: 0 });
  });

  test('claims a Message-ID once however many hand it in at the same moment', async () => {
    const worker = createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.serviceKey });
    const message = {
      message_id: '<status-burst@example.com>',
      from: ADA.sender,
      subject: 'status T-100',
      text: '',
    };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => worker.emailChannel.receive(message)),
    );
    const dispositions = answers.map((answer) => answer.disposition).sort();
    expect(dispositions).toEqual([...Array<string>(11).fill('duplicate'), 'executed']);
    expect(answers.find((a) => a.disposition === 'executed')?.reply).toMatchObject({
      to: ADA.sender,
      in_reply_to: '<status-burst@example.com>',
    });
    expect(
      await stack.auth.prisma.channelCommand.count({
        where: { channel: 'email', rawText: 'status T-100' },
      }),
    ).toBe(1);
  });

  test('executes nothing for a sender not on the allowlist, records the refusal and does not reply', async () => {
    const before = structuredClone(stack.collaboration.store.tasks.doc);
    await dovecot.append({
      from: 'mallory@example.com',
      subject: 'move T-101 to review',
      text: '',
      messageId: '<forged-1@example.com>',
    });
    // An allowlisted address whose user does not exist is refused the same way.
    await dovecot.append({
      from: 'nobody-user@example.com',
      subject: 'claim T-101',
      text: '',
      messageId: '<no-user-1@example.com>',
    });
    // No sender at all: nothing to hand over, flagged so it cannot block the mailbox.
    await dovecot.append({ subject: 'claim T-101', text: '', messageId: '<no-from@example.com>' });
    expect(await poll('poll-refused')).toMatchObject({ fetched: 3, refused: 2, replied: 0 });
    expect(stack.collaboration.store.tasks.doc).toEqual(before);
    const refused = (await emailRows()).filter((row) => row.outcome === 'refused');
    expect(refused.map((row) => row.principal).sort()).toEqual([
      'email:mallory@example.com',
      'email:nobody-user@example.com',
    ]);
    expect(refused[0]?.result).toMatchObject({ code: 'sender_not_allowed' });
    expect(smtp.received.some((mail) => mail.envelope.to.includes('mallory@example.com'))).toBe(
      false,
    );
    const seen = await dovecot.seen('Processed');
    expect(
      ['<forged-1@example.com>', '<no-user-1@example.com>', '<no-from@example.com>'].map((id) =>
        seen.get(id),
      ),
    ).toEqual([true, true, true]);
  });

  test('takes the hand-over only from the worker’s service key, and writes nothing otherwise', async () => {
    const before = await stack.auth.prisma.emailMessage.count();
    const response = await fetch(`${stack.apiUrl}/channels/email/messages`, {
      method: 'POST',
      headers: { ...(await stack.headersFor('agent-ada')), 'content-type': 'application/json' },
      body: JSON.stringify({
        message_id: '<x@y>',
        from: ADA.sender,
        subject: 'claim T-102',
        text: '',
      }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await stack.auth.prisma.emailMessage.count()).toBe(before);
    expect(task('T-102')?.status).toBe('queued');
  });

  test('polls on the schedule the API reconciles with the configuration', async () => {
    const client = await stack.temporalClient();
    const queue = stack.config.temporal.taskQueue;
    expect(await reconcileEmailPollSchedule(client, queue, 3600)).toBe('created');
    expect(await reconcileEmailPollSchedule(client, queue, 3600)).toBe('unchanged');
    expect(
      await reconcileEmailPollSchedule(client, queue, stack.config.channels.email?.pollSeconds),
    ).toBe('unchanged');
    expect(await reconcileEmailPollSchedule(client, queue, 1800)).toBe('updated');

    await dovecot.append({
      from: ADA.sender,
      subject: 'Re: [Kyros] T-100 moved queued → claimed',
      text: 'move T-100 to in progress\n\nOn Sun, Ada wrote:\n> claim T-100',
      messageId: '<scheduled-1@example.com>',
      references: ['<claim-1@example.com>'],
    });
    await client.schedule.getHandle(EMAIL_POLL_SCHEDULE_ID).trigger();
    const reply = await smtp.waitFor(
      (mail) => mail.parsed.inReplyTo === '<scheduled-1@example.com>',
    );
    expect(reply.parsed.subject).toBe(
      'Re: [Kyros] T-100 moved queued → claimed'.replace('[Kyros] ', ''),
    );
    expect(task('T-100')?.status).toBe('in_progress');

    expect(await reconcileEmailPollSchedule(client, queue, undefined)).toBe('deleted');
    expect(await reconcileEmailPollSchedule(client, queue, undefined)).toBe('absent');
  });

  test('shows its traffic in GET /channels as configured', async () => {
    const response = await fetch(`${stack.apiUrl}/channels`, { headers: stack.auth.adminHeaders });
    const { items } = ChannelListResponse.parse(await response.json());
    expect(items.find((item) => item.name === 'email')).toMatchObject({
      configured: true,
      enabled: true,
      counts: { ok: 3, refused: 2 },
    });
  });

  test('over the per-user limit a mail is answered, audited and not run', async () => {
    const admin = createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.adminToken });
    await admin.admin.createUser({ email: BOB.user, password: 'bob-password-123', role: 'agent' });
    const worker = createKyrosClient({ baseUrl: stack.apiUrl, credential: stack.auth.serviceKey });
    const sent = 2 * EMAIL_LIMIT;
    const answers = await Promise.all(
      Array.from({ length: sent }, (_, index) =>
        worker.emailChannel.receive({
          message_id: `<bob-burst-${index}@example.com>`,
          from: BOB.sender,
          subject: 'status T-100',
          text: '',
        }),
      ),
    );
    const refused = answers.filter((answer) => answer.disposition === 'refused');
    expect(answers.filter((answer) => answer.disposition === 'executed')).toHaveLength(EMAIL_LIMIT);
    expect(refused).toHaveLength(sent - EMAIL_LIMIT);
    for (const answer of refused) {
      expect(answer.reply).toMatchObject({ to: BOB.sender });
      expect(answer.reply?.text).toContain('Too many commands by email');
    }
    const rows = await stack.auth.prisma.channelCommand.findMany({
      where: { channel: 'email', principal: `user:${BOB.user}` },
    });
    expect(rows.filter((row) => row.outcome === 'ok')).toHaveLength(EMAIL_LIMIT);
    const limited = rows.filter((row) => row.outcome === 'refused');
    expect(limited).toHaveLength(sent - EMAIL_LIMIT);
    expect(limited.every((row) => (row.result as { code?: string }).code === 'rate_limited')).toBe(
      true,
    );
    const audits = await stack.auth.prisma.auditEvent.findMany({
      where: { action: 'channel.rate_limited', actor: `user:${BOB.user}` },
    });
    expect(audits).toHaveLength(sent - EMAIL_LIMIT);
    expect(audits[0]).toMatchObject({ targetType: 'channel', targetId: 'email' });
  });
});
