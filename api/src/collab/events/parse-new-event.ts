import {
  NewEventSchema,
  type CollabEvent,
  type NewEvent,
} from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import { parseInput } from './parse-input.ts';

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
  return parseInput(NewEventSchema, json, 'event');
}
