import type { ReactNode } from 'react';

/** The console's text input and select look: one class, so every form reads alike. */
export const CONTROL =
  'focus-ring w-full rounded-lg border border-line-strong bg-canvas px-3 py-2 text-sm text-fg placeholder:text-subtle aria-[invalid=true]:border-rose-500';

/** A labelled control in a form's grid: the label names the control `id`. */
export function Field({
  id,
  label,
  optional = false,
  children,
}: {
  id: string;
  label: string;
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-fg">
        {label}
        {optional ? <span className="font-normal text-subtle"> (optional)</span> : null}
      </label>
      {children}
    </div>
  );
}

/** A form's refusal, under its controls; nothing when there is none. */
export function FormError({
  id,
  testId,
  span,
  children,
}: {
  id?: string;
  testId: string;
  /** The Tailwind column span that makes it run under the whole grid, e.g. `sm:col-span-3`. */
  span: string;
  children: ReactNode;
}) {
  if (!children) return null;
  return (
    <p id={id} className={`text-xs text-rose-600 ${span} dark:text-rose-300`} data-testid={testId}>
      {children}
    </p>
  );
}

/** What a short list inside a section says when it is empty (the page-level one is EmptyState). */
export function EmptyNote({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p
      className="rounded-xl border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted"
      data-testid={testId}
    >
      {children}
    </p>
  );
}
