import { ApiError } from '@kyros/contracts/client';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { TaskTimelineView } from '../components/kanban/task-timeline-view.tsx';
import { OpenShellLink } from '../components/terminal/open-shell-link.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { withApi } from '../lib/api.server.ts';
import { matchesFilter } from '../lib/event-filter.ts';
import { useLiveEvents } from '../lib/live-events.tsx';
import { emptyTimeline, mergeTimeline, withLiveEvent } from '../lib/task-timeline.ts';

export const meta: MetaFunction = ({ params }) => [{ title: `${params.taskId ?? 'Task'} · Kyros` }];

const TIMELINE_EVENTS = 500;

/** The task, its newest events and its runs' workflow steps (none before a first run). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = params.taskId ?? '';
  return withApi(request, context, async ({ api }) => {
    const [{ task }, { events }, history] = await Promise.all([
      api.getTask(id),
      api.latestEvents({ task: [id], limit: TIMELINE_EVENTS }),
      api.getTaskRunHistory(id).catch((error: unknown) => {
        if (error instanceof ApiError && (error.status === 404 || error.status === 503)) {
          return null;
        }
        throw error;
      }),
    ]);
    return { task, events, history };
  });
}

/**
 * The task drawer over the board: one timeline of the task's events, its workflow's steps and
 * its terminal sessions. Live events land at once; anything about the task (or a stream reset)
 * also reloads this route's data alone, which brings the workflow's new steps and fills any gap
 * the stream could not; merging by key keeps that free of duplicates.
 */
export default function TaskDrawer() {
  const loaded = useLoaderData<typeof loader>();
  const id = loaded.task.id;
  const refresh = useFetcher<typeof loader>();
  const [timeline, setTimeline] = useState(() => emptyTimeline(id));
  const data = refresh.data?.task.id === id ? refresh.data : loaded;
  useEffect(() => {
    setTimeline((current) =>
      mergeTimeline(current.taskId === id ? current : emptyTimeline(id), {
        events: data.events,
        runs: data.history
          ? [data.history, ...data.history.earlier_runs].map((run) => ({
              runId: run.run_id,
              steps: run.steps,
            }))
          : [],
      }),
    );
  }, [data, id]);

  const load = useRef(refresh.load);
  useEffect(() => {
    load.current = refresh.load;
  });
  const timer = useRef<number | undefined>(undefined);
  const reloadSoon = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => load.current(`/tasks/${encodeURIComponent(id)}`), 250);
  };
  // Catch up once on opening: events between this loader and the subscription are not lost.
  useEffect(() => {
    load.current(`/tasks/${encodeURIComponent(id)}`);
    return () => window.clearTimeout(timer.current);
  }, [id]);
  useLiveEvents((message) => {
    if (message.type === 'reset') return reloadSoon();
    if (!matchesFilter(message.event, { task: [id] })) return;
    setTimeline((current) => withLiveEvent(current, message.event));
    reloadSoon();
  });

  return (
    <div className="fixed inset-0 z-40 flex justify-end" data-testid="task-drawer">
      <Link
        to="/tasks"
        aria-label="Close the task drawer"
        className="absolute inset-0 bg-black/40 backdrop-blur-[1px]"
        preventScrollReset
      />
      <aside
        aria-labelledby="task-drawer-title"
        className="relative flex h-full w-full max-w-xl flex-col border-l border-line bg-surface shadow-2xl"
      >
        <header className="flex items-start justify-between gap-3 border-b border-line px-5 py-4">
          <div className="min-w-0">
            <p className="font-mono text-xs text-subtle">{id}</p>
            <h2 id="task-drawer-title" className="mt-0.5 text-base font-semibold text-fg">
              {data.task.title}
            </h2>
            <p className="mt-1 text-xs text-muted">
              {data.task.status.replace('_', ' ')} · {data.task.assignee ?? 'unassigned'}
              {data.history ? (
                <>
                  {' '}
                  · workflow{' '}
                  <a
                    href={data.history.temporal_ui_url}
                    target="_blank"
                    rel="noreferrer"
                    className="font-mono text-accent-fg hover:underline"
                  >
                    {data.history.workflow_id}
                  </a>{' '}
                  {data.history.status.toLowerCase()}
                </>
              ) : null}
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <OpenShellLink
              taskId={id}
              testId="task-drawer-open-shell"
              className={buttonClass('secondary', '!px-2.5 !py-1 text-xs')}
            >
              <span aria-hidden="true" className="font-mono">
                &gt;_
              </span>
              Open a shell
            </OpenShellLink>
            <Link
              to="/tasks"
              preventScrollReset
              data-testid="task-drawer-close"
              className="focus-ring grid size-8 shrink-0 place-items-center rounded-lg text-subtle hover:bg-raised hover:text-fg"
              aria-label="Close"
            >
              ✕
            </Link>
          </div>
        </header>
        <TaskTimelineView timeline={timeline} collapsed={data.history?.collapsed ?? 0} />
      </aside>
    </div>
  );
}
