import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

/** Digits of a fraction of a second past the milliseconds that `timestamptz(3)` keeps. */
const SUB_MILLISECONDS = /\.\d{3}(\d+)Z$/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `collab_events` could not hold this event exactly as read, or undefined when it can: its
 * `ts` column keeps milliseconds, `text` cannot hold U+0000, and the driver sends text as UTF-8,
 * which has no lone surrogate. (`details` is `json` text, which keeps all of them as escapes.)
 */
export function unstorableReason(event: CollabEvent): string | undefined {
  const fraction = SUB_MILLISECONDS.exec(event.ts)?.[1];
  if (fraction !== undefined && /[1-9]/.test(fraction)) {
    return `ts ${event.ts} is finer than milliseconds`;
  }
  for (const field of ['actor', 'target'] as const) {
    const character = unstorableCharacter(event[field]);
    if (character) return `${field} contains ${character}`;
  }
  return undefined;
}

/**
 * The character of `value` that a `text` column could not hold exactly (U+0000, or a lone
 * surrogate that UTF-8 cannot carry), or undefined. Both backends refuse such an actor or target
 * on append, so an event reads back the same whichever stores it.
 */
export function unstorableCharacter(value: string): 'U+0000' | 'a lone surrogate' | undefined {
  if (value.includes('\u0000')) return 'U+0000';
  if (LONE_SURROGATE.test(value)) return 'a lone surrogate';
  return undefined;
}
