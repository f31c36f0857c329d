import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { useLoaderData } from '@remix-run/react';
import { createRemixStub } from '@remix-run/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToastProvider } from '../toasts.tsx';
import { TaskBoard } from './task-board.tsx';
import { aTask } from '@kyros/test-support/collab/a-task';

function task(id: string, status: Task['status'], extra: Partial<Task> = {}): Task {
  return aTask(id, { title: `Task ${id}`, status, ...extra });
}

interface Answer {
  status: number;
}

/**
 * The board inside a real Remix router: its loader serves `tasks`, its action applies a move the
 * way the API would, or refuses it with the status `answer` holds.
 */
function renderBoard(tasks: Task[], answer: Answer = { status: 200 }) {
  const moves: Array<{ id: string; to: string }> = [];
  let release: () => void = () => undefined;
  const gate = { wait: Promise.resolve() };
  const Stub = createRemixStub([
    {
      path: '/tasks',
      loader: () => ({ tasks }),
      action: async ({ request }) => {
        const form = await request.formData();
        const id = form.get('id') as string;
        const to = form.get('to') as Task['status'];
        moves.push({ id, to });
        await gate.wait;
        if (answer.status !== 200) {
          return {
            ok: false,
            status: answer.status,
            title: 'Precondition Failed',
            detail: `${id} changed meanwhile`,
          };
        }
        tasks = tasks.map((t) => (t.id === id ? { ...t, status: to } : t));
        return { ok: true, message: `${id} moved` };
      },
      Component: function Page() {
        const { tasks } = useLoaderData<{ tasks: Task[] }>();
        return (
          <ToastProvider timeoutMs={0}>
            <TaskBoard
              tasks={tasks}
              workflowUrlOf={(t) => (t.executor ? `http://temporal/${t.id}` : undefined)}
            />
          </ToastProvider>
        );
      },
    },
  ]);
  render(<Stub initialEntries={['/tasks']} future={{ v3_fetcherPersist: true }} />);
  return {
    moves,
    hold() {
      gate.wait = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe('TaskBoard', () => {
  it('shows every column of the workflow with its tasks and counts', async () => {
    renderBoard([task('T-1', 'queued'), task('T-2', 'review'), task('T-3', 'review')]);

    for (const status of [
      'queued',
      'claimed',
      'in_progress',
      'review',
      'approved',
      'merging',
      'done',
    ]) {
      expect(await screen.findByTestId(`column-${status}`)).toBeDefined();
    }
    expect(screen.getByTestId('column-count-review').textContent).toBe('2');
    expect(within(screen.getByTestId('column-queued')).getByTestId('task-card-T-1')).toBeDefined();
  });

  it('moves a focused card one column right with Shift+ArrowRight, showing it there at once', async () => {
    const user = userEvent.setup();
    const board = renderBoard([task('T-1', 'queued')]);
    board.hold();

    const card = await screen.findByTestId('task-card-T-1');
    card.focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');

    await waitFor(() => expect(board.moves).toEqual([{ id: 'T-1', to: 'claimed' }]));
    // Optimistic: in the new column, marked pending, before the API has answered.
    const moving = await within(screen.getByTestId('column-claimed')).findByTestId('task-card-T-1');
    expect(moving.dataset.pending).toBe('true');
    board.release();
    await waitFor(() =>
      expect(
        within(screen.getByTestId('column-claimed')).getByTestId('task-card-T-1').dataset.pending,
      ).toBe('false'),
    );
  });

  it('puts the card back and explains why in a toast when the API answers 412', async () => {
    const user = userEvent.setup();
    renderBoard([task('T-1', 'in_progress')], { status: 412 });

    const menu = within(await screen.findByTestId('task-card-T-1')).getByLabelText('Move T-1 to');
    await user.selectOptions(menu, 'review');

    const toast = await screen.findByRole('alert');
    expect(toast.dataset.tone).toBe('error');
    expect(within(toast).getByTestId('toast-detail').textContent).toBe('T-1 changed meanwhile');
    expect(
      within(screen.getByTestId('column-in_progress')).getByTestId('task-card-T-1'),
    ).toBeDefined();
    expect(within(screen.getByTestId('column-review')).queryByTestId('task-card-T-1')).toBeNull();
  });

  it('offers only the moves the task state machine allows', async () => {
    renderBoard([task('T-1', 'review')]);

    const menu = within(await screen.findByTestId('task-card-T-1')).getByLabelText('Move T-1 to');
    const options = within(menu)
      .getAllByRole('option')
      .map((option) => (option as HTMLOptionElement).value)
      .filter(Boolean);
    expect(options).toEqual(['queued', 'in_progress', 'approved']);
  });

  it('badges dependencies by their state and marks a queued task with open ones as blocked', async () => {
    renderBoard([
      task('T-1', 'done'),
      task('T-2', 'review'),
      task('T-3', 'queued', { dependencies: ['T-1', 'T-2'] }),
    ]);

    const card = await screen.findByTestId('task-card-T-3');
    expect(within(card).getByTestId('task-blocked')).toBeDefined();
    expect(within(card).getByTestId('task-dependency-T-1').textContent).toContain('✓');
    expect(within(card).getByTestId('task-dependency-T-2').getAttribute('title')).toBe(
      'T-2 is review',
    );
  });

  it('gives a task with an executor Run and Cancel buttons and a link to its workflow', async () => {
    renderBoard([
      task('T-1', 'in_progress', { executor: { name: 'lint', args: {} } }),
      task('T-2', 'in_progress'),
    ]);

    const withExecutor = await screen.findByTestId('task-card-T-1');
    expect(within(withExecutor).getByTestId('task-run')).toBeDefined();
    expect(within(withExecutor).getByTestId('task-cancel')).toBeDefined();
    expect(within(withExecutor).getByTestId('task-workflow-link').getAttribute('href')).toBe(
      'http://temporal/T-1',
    );
    expect(within(screen.getByTestId('task-card-T-2')).queryByTestId('task-run')).toBeNull();
  });
});
