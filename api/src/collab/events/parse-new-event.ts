import {
  NewEventSchema,
  type CollabEvent,
  type NewEvent,
} from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import { parseInput } from './parse-input.ts';

/** What both backends can store: PostgreSQL `text` cannot hold U+0000, so no log accepts it. */
const StorableEventSchema = NewEventSchema.superRefine((event, context) => {
  for (const field of ['actor', 'target'] as const) {
    if (event[field].includes('\u0000')) {
      context.addIssue({ code: 'custom', path: [field], message: 'must not contain U+0000' });
    }
  }
});

/**
 * An event as the log will store it, or a 400. Round-tripping through JSON validates exactly what
 * will be written and read back (a circular or non-JSON value is refused here, not at write time).
 */
export function parseNewEvent(input: NewEvent): Omit<CollabEvent, 'id' | 'ts'> {
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(input));
  } catch {
    throw new AppError('invalid', 'The event is not JSON');
  }
  return parseInput(StorableEventSchema, json, 'event');
}
