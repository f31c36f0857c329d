import type { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/**
 * Validates query parameters, headers and events handed to the log; failures become one 400
 * problem listing every field at fault. (JSON bodies go through `parseJsonBody`.)
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = errors.map((error) => `${error.path}: ${error.message}`).join('; ');
  throw new AppError('invalid', `Invalid ${what}: ${summary}`, { errors });
}
