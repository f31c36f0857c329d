import { TaskStatus, type Task } from '@kyros/contracts/schemas/collab-tasks';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { NewTaskDialog } from '../components/kanban/new-task-dialog.tsx';
import { TaskBoard } from '../components/kanban/task-board.tsx';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi, type ConsoleApi } from '../lib/api.server.ts';
import { urlOn } from '../lib/config.server.ts';
import { parseFormPost } from '../lib/form-data.ts';
import { parseTaskForm } from '../lib/task-form.ts';
import { useLiveBoard } from '../lib/use-live-board.ts';

export const meta: MetaFunction = () => [{ title: 'Tasks · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const { data } = await api.getState('tasks');
    const { uiUrl, namespace } = context.config.temporal;
    return {
      tasks: data.tasks,
      workflowsUrl: urlOn(uiUrl, `/namespaces/${encodeURIComponent(namespace)}/workflows`),
    };
  });
}

const TaskAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('transition'), id: z.string(), to: TaskStatus }),
  z.object({ intent: z.literal('run'), id: z.string() }),
  z.object({ intent: z.literal('cancel'), id: z.string() }),
  z.object({
    intent: z.literal('dod'),
    id: z.string(),
    index: z.coerce.number().int().min(0),
    item: z.string(),
    done: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
]);
type TaskAction = z.infer<typeof TaskAction>;

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => {
    const data = await request.formData();
    if (data.get('intent') === 'create') {
      const parsed = parseTaskForm(data);
      if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
      try {
        const { id } = await api.createTask(parsed.request);
        return { ok: true as const, message: `${id} created`, detail: parsed.request.title };
      } catch (error) {
        return describeApiFailure(error);
      }
    }
    const form = parseFormPost(TaskAction, data, 'task action');
    try {
      return await perform(api, form, `user:${user.email}`);
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

async function perform(api: ConsoleApi, form: TaskAction, actor: string) {
  switch (form.intent) {
    case 'transition': {
      const { new_status } = await api.transitionTask(form.id, { to: form.to, actor });
      return { ok: true as const, message: `${form.id} moved to ${new_status.replace('_', ' ')}` };
    }
    case 'run': {
      const run = await api.runTask(form.id);
      return { ok: true as const, message: `${form.id} is running`, detail: run.workflow_id };
    }
    case 'cancel': {
      await api.cancelTask(form.id);
      return { ok: true as const, message: `Cancellation of ${form.id} requested` };
    }
    case 'dod': {
      // Read-modify-write under If-Match: the item is flipped only if nobody changed the task since.
      const { task, etag } = await api.getTask(form.id);
      const current = task.dod[form.index];
      if (!current || current.item !== form.item) {
        return {
          ok: false as const,
          status: 412,
          title: 'The checklist changed',
          detail: `${form.id}'s definition of done was edited meanwhile; reload to see it.`,
        };
      }
      const dod = task.dod.map((item, index) =>
        index === form.index ? { ...item, done: form.done } : item,
      );
      await api.patchTask(form.id, { dod }, { ifMatch: etag });
      return { ok: true as const };
    }
  }
}

// The API names each task's workflow `task-<id>` (workflows/src/task-workflow-api.ts).
function workflowUrl(workflowsUrl: string, task: Task): string | undefined {
  return task.executor ? `${workflowsUrl}/${encodeURIComponent(`task-${task.id}`)}` : undefined;
}

export default function TasksPage() {
  const loaded = useLoaderData<typeof loader>();
  // Live events patch the board in place; see app/lib/use-live-board.ts.
  const tasks = useLiveBoard(loaded.tasks);
  const { workflowsUrl } = loaded;
  const open = tasks.filter((task) => task.status !== 'done').length;
  return (
    <>
      <PageHeader
        eyebrow="Work"
        title="Tasks"
        description={
          tasks.length > 0
            ? `${open} open · ${
                tasks.length - open
              } done. Drag a card, use its Move menu, or focus it and press Shift + ←/→.`
            : 'Every task on the shared board, from queued to done.'
        }
        actions={<NewTaskDialog />}
      />
      {tasks.length === 0 ? (
        <EmptyState title="The board is empty" testId="tasks-empty">
          Create the first one with <strong>New task</strong>, or let an agent create one with{' '}
          <code className="font-mono">POST /collab/tasks</code>. Each then moves queued → claimed →
          in progress → review → approved → merging → done.
        </EmptyState>
      ) : (
        <TaskBoard tasks={tasks} workflowUrlOf={(task) => workflowUrl(workflowsUrl, task)} />
      )}
      {/* The task drawer (`_app.tasks.$taskId.tsx`) opens over the board, which stays live. */}
      <Outlet />
    </>
  );
}
