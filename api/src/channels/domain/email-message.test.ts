import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import {
  emailCommandText,
  emailReplyFor,
  firstBodyParagraph,
  stripSubjectPrefixes,
} from './email-message.ts';

describe('the command in an email', () => {
  it.each([
    ['claim T-101', '', 'claim T-101'],
    ['Re: claim T-101', 'whatever', 'claim T-101'],
    ['RE: Fwd: [Kyros] move T-101 to review', '', 'move T-101 to review'],
    ['Re: [Kyros] T-101 moved queued → claimed', 'approve T-101\n\nThanks,\nAda', 'approve T-101'],
    ['', 'please move T-101 into review\r\n-- \r\nAda', 'please move T-101 into review'],
    [
      'Kyros',
      '{"command":"transition",\n"task":"T-101","to":"review"}',
      '{"command":"transition",\n"task":"T-101","to":"review"}',
    ],
    ['hello', '\n\n  status T-7  \n> claim T-9', 'status T-7'],
    ['hello there', 'On Sun, Dec 6, Ada wrote:\n> claim T-1', 'hello there'],
    ['', '', ''],
  ])('subject %j and body %j read as %j', (subject, text, expected) => {
    expect(emailCommandText({ subject, text })).toBe(expected);
  });

  it('stops at quotes, signatures and forwarded originals', () => {
    expect(firstBodyParagraph('tasks ready\nSent from my phone')).toBe('tasks ready');
    expect(firstBodyParagraph('help\n-----Original Message-----\nclaim T-1')).toBe('help');
    expect(stripSubjectPrefixes('Re[2]: AW: status T-1')).toBe('status T-1');
  });
});

describe('the reply to an email', () => {
  const reply: ChannelReply = {
    outcome: 'ok',
    title: 'T-101 moved queued → claimed',
    lines: [],
    fields: [{ name: 'Status', value: 'claimed' }],
    links: [],
    suggestions: [],
  };

  it('threads with In-Reply-To and References and keeps the subject', () => {
    const threaded = emailReplyFor(
      {
        message_id: '<b@x>',
        from: 'ada@example.com',
        subject: 'Re: claim T-101',
        references: ['<a@x>'],
      },
      reply,
    );
    expect(threaded).toMatchObject({
      to: 'ada@example.com',
      subject: 'Re: claim T-101',
      in_reply_to: '<b@x>',
      references: ['<a@x>', '<b@x>'],
    });
    expect(threaded.text).toMatch(/^T-101 moved queued → claimed\n[\s\S]*Status: claimed\n/);
  });

  it('uses the rendered subject when there was none, and never a line break', () => {
    expect(
      emailReplyFor({ message_id: '<b@x>', from: 'a@x', subject: '', references: [] }, reply)
        .subject,
    ).toBe('[Kyros] T-101 moved queued → claimed');
    expect(
      emailReplyFor(
        { message_id: '<b@x>', from: 'a@x', subject: 'x\r\nBcc: y', references: [] },
        reply,
      ).subject,
    ).toBe('Re: x Bcc: y');
  });
});
