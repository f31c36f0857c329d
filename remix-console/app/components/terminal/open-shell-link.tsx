import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { roleBlock } from '../../lib/roles.ts';
import { useRole } from '../../lib/use-role.ts';

/**
 * "Open a shell for T-101": the terminal page bound to the task (operators and admins). The board
 * card shows `>_`; the task drawer says it in words, under a test id of its own.
 */
export function OpenShellLink({
  taskId,
  className,
  testId = 'task-open-shell',
  children = <>&gt;_</>,
}: {
  taskId: string;
  className?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const block = roleBlock(useRole(), 'operator', 'open a terminal');
  if (block) return null;
  return (
    <Link
      to={`/remote/terminal?task=${encodeURIComponent(taskId)}`}
      data-testid={testId}
      aria-label={`Open a shell for ${taskId}`}
      title={`Open a shell for ${taskId}`}
      className={
        className ??
        'focus-ring rounded-md px-1.5 py-0.5 font-mono text-[10px] text-muted ring-1 ring-line hover:bg-raised hover:text-fg'
      }
    >
      {children}
    </Link>
  );
}
