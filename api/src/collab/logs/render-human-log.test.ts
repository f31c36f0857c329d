import { describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { code, outcomeOf, renderHumanLog } from './render-human-log.ts';

let nextId = 1;
function event(
  name: string,
  actor: string,
  target: string,
  details: Record<string, unknown> = {},
  ts?: string,
): CollabEvent {
  const id = nextId++;
  return {
    id,
    ts: ts ?? `2026-11-25T10:00:${String(id).padStart(2, '0')}.000Z`,
    event: name,
    actor,
    target,
    details,
  };
}

const generatedAt = new Date('2026-11-25T18:30:00Z');

describe('renderHumanLog', () => {
  it('groups by task then agent, in order of appearance, with times and outcomes', () => {
    nextId = 3;
    const events = [
      event('task_claimed', 'agent-atlas', 'T-100'),
      event('lease_granted', 'agent-atlas', 'src/**', { task_id: 'T-100', resource: 'src/**' }),
      event('task_claimed', 'agent-iris', 'T-101'),
      event('executor_failed', 'worker', 'run-1', {
        task_id: 'T-101',
        agent: 'agent-iris',
        error: 'lint found 3 problems',
      }),
      event('executor_succeeded', 'worker', 'run-2', { task_id: 'T-100', agent: 'agent-atlas' }),
      event('task_transitioned', 'agent-atlas', 'T-100', { from: 'in_progress', to: 'review' }),
    ];
    const markdown = renderHumanLog({
      events,
      selection: [['since', '2026-11-25T00:00:00Z']],
      generatedAt,
    });
    expect(markdown).toBe(
      [
        '## 2026-11-25 18:30:00 UTC — 6 events',
        '',
        'Selection: since `2026-11-25T00:00:00Z`.',
        'Events #3–#8, 2026-11-25, 10:00:03 → 10:00:08 UTC.',
        'Outcomes: 2 claimed, 1 failed, 1 succeeded.',
        '',
        '### `T-100` — moved to review',
        '',
        '- **`agent-atlas`** (claimed → succeeded → moved to review)',
        '  - 10:00:03 · task claimed (#3)',
        '  - 10:00:04 · lease granted (#4) — resource `src/**`',
        '  - 10:00:07 · executor succeeded (#7)',
        '  - 10:00:08 · task transitioned (#8) — from `in_progress`, to `review`',
        '',
        '### `T-101` — failed',
        '',
        '- **`agent-iris`** (claimed → failed)',
        '  - 10:00:05 · task claimed (#5)',
        '  - 10:00:06 · executor failed (#6) — error `lint found 3 problems`',
        '',
      ].join('\n'),
    );
  });

  it('shows full dates when the events span several days', () => {
    nextId = 1;
    const events = [
      event('task_claimed', 'a', 'T-1', {}, '2026-11-24T23:59:59.000Z'),
      event('task_released', 'a', 'T-1', {}, '2026-11-25T00:00:01.000Z'),
    ];
    const markdown = renderHumanLog({ events, selection: [], generatedAt });
    expect(markdown).toContain('Selection: all events.');
    expect(markdown).toContain('Events #1–#2, 2026-11-24 23:59:59 → 2026-11-25 00:00:01 UTC.');
    expect(markdown).toContain('  - 2026-11-25 00:00:01 · task released (#2)');
  });

  it('says so when nothing matched', () => {
    const markdown = renderHumanLog({ events: [], selection: [['task', 'T-999']], generatedAt });
    expect(markdown).toBe(
      '## 2026-11-25 18:30:00 UTC — 0 events\n\nSelection: task `T-999`.\n\nNo events matched.\n',
    );
  });

  it('notes a truncated selection', () => {
    nextId = 1;
    const markdown = renderHumanLog({
      events: [event('note', 'a', 't')],
      selection: [],
      generatedAt,
      truncated: true,
    });
    expect(markdown).toContain('Only the first 1 matching events are summarised');
  });

  it('keeps writer-supplied text from becoming Markdown structure', () => {
    nextId = 1;
    const hostile = event('note', '**boss**\n## injected', 'T-1`x`', { reason: '<script>\r\n# h' });
    const markdown = renderHumanLog({ events: [hostile], selection: [], generatedAt });
    expect(markdown).not.toMatch(/^## injected/m);
    expect(markdown).not.toMatch(/^# h/m);
    expect(markdown).toContain('### `` T-1`x` ``');
    expect(markdown).toContain('**`**boss** ## injected`**');
  });
});

describe('outcomeOf', () => {
  it('reads outcomes from event names and status moves from details', () => {
    expect(outcomeOf(event('executor_succeeded', 'w', 'r'))).toBe('succeeded');
    expect(outcomeOf(event('lease_reclaimed', 'w', 'r'))).toBe('reclaimed');
    expect(outcomeOf(event('task_transitioned', 'w', 'r', { new_status: 'done' }))).toBe(
      'moved to done',
    );
    expect(outcomeOf(event('comment_added', 'w', 'r'))).toBeUndefined();
  });
});

describe('code', () => {
  it('fences text with more backticks than it contains', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`edge`')).toBe('`` `edge` ``');
    expect(code('')).toBe('(blank)');
  });
});
