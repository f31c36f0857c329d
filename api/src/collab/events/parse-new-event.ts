import {
  NewEventSchema,
  type CollabEvent,
  type NewEvent,
} from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import { parseInput } from './parse-input.ts';
import { unstorableCharacter } from './storable-event.ts';

/**
 * What both backends can store: a PostgreSQL `text` column holds neither U+0000 nor a lone
 * surrogate, so no log accepts them in an actor or target.
 */
const StorableEventSchema = NewEventSchema.superRefine((event, context) => {
  for (const field of ['actor', 'target'] as const) {
    const character = unstorableCharacter(event[field]);
    if (character) {
      context.addIssue({ code: 'custom', path: [field], message: `must not contain ${character}` });
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
