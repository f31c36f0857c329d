import { AppError } from '../../errors/app-error.ts';
import { isUniqueViolation } from '../../errors/unique-violation.ts';

/** A unique-name violation becomes a 409 naming the preset; anything else passes through. */
export function presetNameTaken(error: unknown, name: string): unknown {
  return isUniqueViolation(error)
    ? new AppError('conflict', `A preset named ${name} already exists`)
    : error;
}
