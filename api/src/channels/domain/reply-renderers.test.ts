import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import { renderEmail, renderJson, renderPlainText, renderSlack } from './reply-renderers.ts';

const moved: ChannelReply = {
  outcome: 'ok',
  title: 'T-101 moved in_progress → review',
  lines: ['Fix <the> "parser" & tests'],
  fields: [
    { name: 'Status', value: 'review' },
    { name: 'Version', value: '4' },
  ],
  links: [
    { label: 'Open in the console', url: 'http://127.0.0.1:3001/tasks?task=T-101' },
    { label: 'Not a web link', url: 'javascript:alert(1)' },
  ],
  suggestions: [],
  command: { command: 'transition', task: 'T-101', to: 'review' },
};

const refused: ChannelReply = {
  outcome: 'refused',
  title: 'I do not understand "clam"\r\nBcc: victim@example.com',
  lines: [],
  fields: [],
  links: [],
  suggestions: ['claim T-101', 'help'],
  code: 'unknown_command',
};

describe('reply renderers', () => {
  it('plain text: a marked title, then lines, fields, links and suggestions', () => {
    expect(renderPlainText(moved)).toBe(
      [
        '✓ T-101 moved in_progress → review',
        'Fix <the> "parser" & tests',
        'Status: review',
        'Version: 4',
        'Open in the console: http://127.0.0.1:3001/tasks?task=T-101',
        'Not a web link: javascript:alert(1)',
      ].join('\n'),
    );
    expect(renderPlainText(refused)).toContain('Try:\n  claim T-101\n  help');
  });

  it('Slack: escapes mrkdwn, keeps only web links as buttons, posts results in the channel', () => {
    const message = renderSlack(moved);
    expect(message.response_type).toBe('in_channel');
    expect(message.text).toBe('T-101 moved in_progress → review');
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*T-101 moved in_progress → review*' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Fix &lt;the&gt; "parser" &amp; tests' },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Status*\nreview' },
          { type: 'mrkdwn', text: '*Version*\n4' },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open in the console' },
            url: 'http://127.0.0.1:3001/tasks?task=T-101',
          },
        ],
      },
    ]);
  });

  it('Slack: refusals are ephemeral, with the suggestions as context', () => {
    const message = renderSlack(refused);
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).not.toMatch(/[\r\n]/);
    expect(message.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Try: `claim T-101` · `help`' }],
    });
  });

  it('Slack: cuts a section at Block Kit’s 3000 characters', () => {
    const long = renderSlack({ ...moved, lines: ['x'.repeat(5000)] });
    const section = long.blocks[1];
    expect(section?.type === 'section' && 'text' in section ? section.text.text.length : 0).toBe(
      3000,
    );
  });

  it('email: a one-line subject (no header injection) and a text body', () => {
    const mail = renderEmail(refused);
    expect(mail.subject).toBe('[Kyros] I do not understand "clam" Bcc: victim@example.com');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('Commands you can send:\n  claim T-101\n  help');
    expect(mail.text.endsWith('\n')).toBe(true);
    expect(renderEmail(moved).text).toContain('Status: review\nVersion: 4');
  });

  it('JSON: the reply as its schema defines it', () => {
    expect(renderJson(moved)).toEqual(moved);
    expect(() => renderJson({ ...moved, outcome: 'maybe' } as unknown as ChannelReply)).toThrow();
  });
});
