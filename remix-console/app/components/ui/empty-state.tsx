import type { ReactNode } from 'react';

/** Says what is missing and what to do about it; never just "No data". */
export function EmptyState({
  title,
  children,
  action,
  testId = 'empty-state',
  icon = '◇',
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
  icon?: ReactNode;
}) {
  return (
    <div
      data-testid={testId}
      className="flex flex-col items-center justify-center rounded-2xl border border-dashed border-line-strong bg-surface/40 px-6 py-14 text-center"
    >
      <div
        aria-hidden="true"
        className="mb-4 grid size-11 place-items-center rounded-xl border border-line bg-raised text-lg text-accent-fg"
      >
        {icon}
      </div>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      {children ? (
        <div className="mt-2 max-w-md text-sm leading-relaxed text-muted">{children}</div>
      ) : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
