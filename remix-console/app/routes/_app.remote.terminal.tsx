import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useMatches } from '@remix-run/react';
import xtermStylesheet from '@xterm/xterm/css/xterm.css?url';
import { TaskId } from '@kyros/contracts/schemas/collab-tasks';
import { TerminalPanel } from '../components/terminal/terminal-panel.tsx';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { requireApiSession } from '../lib/api.server.ts';
import { roleBlock } from '../lib/roles.ts';

export const meta: MetaFunction = () => [{ title: 'Terminal · Kyros' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: xtermStylesheet }];

// /remote/terminal[?task=T-101]: a shell on the terminal daemon (docs/TERMINAL.md). The ticket is
// fetched by the panel from /terminal/ticket when it connects, so a reload always gets a fresh one.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireApiSession(request, context);
  const task = new URL(request.url).searchParams.get('task');
  const parsed = task ? TaskId.safeParse(task) : undefined;
  return {
    taskId: parsed?.success ? parsed.data : null,
    badTask: parsed !== undefined && !parsed.success ? task : null,
    block: roleBlock(user.role, 'operator', 'open a terminal'),
  };
}

export default function TerminalPage() {
  const { taskId, badTask, block } = useLoaderData<typeof loader>();
  // Under the Remote layout its tabs and header frame the page; alone, it brings its own header.
  const nested = useMatches().some((match) => match.id === 'routes/_app.remote');
  const description = taskId
    ? `A shell in the workspace for ${taskId}: the session is recorded and listed in the task's events.`
    : 'A shell in the workspace, as your user on the Kyros machine. Sessions are recorded; a reload resumes yours.';
  return (
    <>
      {nested ? (
        <p className="mb-3 text-sm text-muted">{description}</p>
      ) : (
        <PageHeader eyebrow="Remote control" title="Terminal" description={description} />
      )}
      {badTask ? (
        <EmptyState title="No such task">{`“${badTask}” is not a task id (T-101).`}</EmptyState>
      ) : block ? (
        <EmptyState title="Terminal unavailable">{block}</EmptyState>
      ) : (
        <TerminalPanel key={taskId ?? 'shell'} taskId={taskId} />
      )}
    </>
  );
}
