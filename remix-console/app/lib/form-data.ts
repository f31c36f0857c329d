import { z } from 'zod';

/** A text field of a submitted form; '' when absent or a file. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * A form post as `schema` reads it, or a thrown plain-text 400 that names what is wrong. The
 * console's own forms always send well-formed intents and ids, so only a hand-made post gets the
 * 400; what a person typed is checked field by field with the API's request schema instead.
 */
export function parseFormPost<Schema extends z.ZodType>(
  schema: Schema,
  form: FormData,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (parsed.success) return parsed.data;
  throw new Response(`Invalid ${what}: ${z.prettifyError(parsed.error)}`, {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** The first message per field of a failed zod parse, for a form to show beside each field. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/** What an action answers when a person's input fails the API's schema: shown in the form. */
export function invalidForm(errors: Record<string, string>, title = 'Check the form') {
  return {
    ok: false as const,
    status: 400,
    title,
    detail: Object.values(errors)[0] ?? 'invalid',
    errors,
  };
}
