import type { FieldError } from '../../errors/app-error.ts';

/**
 * Validation of what a schedule asks for, before anything is written: a Temporal cron string
 * (5–7 fields, `@daily`-style shorthands, `@every <n><s|m|h|d>`), or a one-shot ISO date-time in
 * the future, and an IANA time zone. Pure; Temporal's own refusal is the second line of defence.
 */

const SHORTHANDS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);
const EVERY = /^@every\s+([1-9][0-9]{0,6})([smhd])(?:\/([0-9]{1,7})([smhd]))?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRange {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Index of names[0]: months start at 1, days at 0. */
  nameBase?: number;
}

const SECOND: FieldRange = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldRange = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldRange = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldRange = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldRange = { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 };
const DAY_OF_WEEK: FieldRange = { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 };
const YEAR: FieldRange = { name: 'year', min: 1970, max: 2999 };

const LAYOUTS: Record<number, FieldRange[]> = {
  5: [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK],
  6: [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR],
  7: [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR],
};

/** Why `cron` is not a cron string Temporal accepts, or undefined when it is fine. */
export function cronProblem(cron: string): string | undefined {
  const text = cron.trim().replace(/\s+#.*$/, '');
  if (/^(CRON_)?TZ=/i.test(text)) return 'put the time zone in time_zone, not in the cron string';
  if (SHORTHANDS.has(text.toLowerCase())) return undefined;
  if (text.startsWith('@every')) {
    return EVERY.test(text) ? undefined : '@every needs an interval like 30s, 5m, 1h or 1d';
  }
  if (text.startsWith('@')) return `unknown shorthand ${text.split(/\s/)[0] ?? text}`;
  const fields = text.split(/\s+/);
  const layout = LAYOUTS[fields.length];
  if (!layout) return `a cron string has 5, 6 or 7 fields, not ${fields.length}`;
  for (const [index, field] of fields.entries()) {
    const range = layout[index];
    if (!range) continue;
    const problem = fieldProblem(field, range);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(field: string, range: FieldRange): string | undefined {
  for (const part of field.split(',')) {
    const match = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/([0-9]+))?$/i.exec(part);
    if (!match) return `${range.name} field ${JSON.stringify(field)} is not valid cron`;
    const [, span = '', step] = match;
    if (step !== undefined && Number(step) === 0) return `${range.name} step must be at least 1`;
    if (span === '*') continue;
    for (const bound of span.split('-')) {
      const value = valueOf(bound, range);
      if (value === undefined || value < range.min || value > range.max) {
        return `${range.name} value ${JSON.stringify(bound)} is out of range ${range.min}–${range.max}`;
      }
    }
  }
  return undefined;
}

function valueOf(token: string, range: FieldRange): number | undefined {
  if (/^[0-9]+$/.test(token)) return Number(token);
  const index = range.names?.indexOf(token.toLowerCase()) ?? -1;
  return index < 0 ? undefined : index + (range.nameBase ?? 0);
}

/** True for an IANA zone name the runtime knows (Temporal's list is the same tz database). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type ScheduleTiming =
  | { kind: 'cron'; cron: string; timeZone: string }
  | { kind: 'once'; runAt: Date; timeZone: string };

const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Checks a create request's timing; returns it normalised, or the field errors (→ 400). */
export function parseScheduleTiming(
  request: { cron?: string | undefined; run_at?: string | undefined; time_zone: string },
  now: Date,
): { timing: ScheduleTiming } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isKnownTimeZone(request.time_zone)) {
    errors.push({ path: 'time_zone', message: `unknown time zone ${request.time_zone}` });
  }
  if ((request.cron === undefined) === (request.run_at === undefined)) {
    errors.push({ path: 'cron', message: 'give exactly one of cron and run_at' });
    return { errors };
  }
  if (request.cron !== undefined) {
    const problem = cronProblem(request.cron);
    if (problem) errors.push({ path: 'cron', message: problem });
    if (errors.length > 0) return { errors };
    return { timing: { kind: 'cron', cron: request.cron.trim(), timeZone: request.time_zone } };
  }
  const text = request.run_at ?? '';
  const runAt = new Date(text);
  if (!ISO_WITH_OFFSET.test(text) || Number.isNaN(runAt.getTime())) {
    errors.push({
      path: 'run_at',
      message: 'must be an ISO 8601 date-time with an offset, e.g. 2030-01-31T09:00:00Z',
    });
  } else if (runAt.getTime() <= now.getTime()) {
    errors.push({ path: 'run_at', message: 'must be in the future' });
  }
  if (errors.length > 0) return { errors };
  return { timing: { kind: 'once', runAt, timeZone: request.time_zone } };
}
