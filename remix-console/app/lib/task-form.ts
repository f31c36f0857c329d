import { CreateTaskRequest } from '@kyros/contracts/schemas/collab-tasks';
import type { z } from 'zod';

export type TaskFormErrors = Partial<
  Record<
    'title' | 'description' | 'priority' | 'labels' | 'dependencies' | 'dod' | 'executor' | 'form',
    string
  >
>;

function list(value: FormDataEntryValue | null, separator: RegExp): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function text(value: FormDataEntryValue | null): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The "New task" form as the API's own CreateTaskRequest: labels and dependencies are
 * comma-separated, the definition of done is one item per line.
 */
export function parseTaskForm(
  form: FormData,
):
  { ok: true; request: z.input<typeof CreateTaskRequest> } | { ok: false; errors: TaskFormErrors } {
  const executor = text(form.get('executor'));
  const candidate = {
    title: text(form.get('title')) ?? '',
    description: text(form.get('description')),
    priority: text(form.get('priority')),
    labels: list(form.get('labels'), /,/),
    dependencies: list(form.get('dependencies'), /[,\s]+/),
    dod: list(form.get('dod'), /\r?\n/)?.map((item) => ({ item, done: false })),
    executor: executor ? { name: executor, args: {} } : undefined,
  };
  const parsed = CreateTaskRequest.safeParse(candidate);
  if (parsed.success) return { ok: true, request: candidate as z.input<typeof CreateTaskRequest> };
  const errors: TaskFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form') as keyof TaskFormErrors;
    errors[field] ??=
      field === 'title' && candidate.title === '' ? 'Give the task a title.' : issue.message;
  }
  return { ok: false, errors };
}
