import { readinessEcho } from './readiness-echo.ts';

/** Every activity the worker registers, built from real dependencies (none needed yet). */
export function createActivities() {
  return { readinessEcho };
}
