import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { useLoaderData } from '@remix-run/react';
import { createRemixStub } from '@remix-run/testing';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LiveEventsProvider, type EventSourceLike } from './live-events.tsx';
import { liveTaskUrl, useLiveBoard } from './use-live-board.ts';
import { aTask } from '@kyros/test-support/collab/a-task';

/** The browser's EventSource, fed by the test. */
class FakeEventSource implements EventSourceLike {
  readyState = 1;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  addEventListener() {}
  close() {}
  send(event: Omit<CollabEvent, 'ts'>) {
    const data = JSON.stringify({ ts: '2026-11-25T10:00:00.000Z', ...event });
    this.onmessage?.(new MessageEvent('message', { data, lastEventId: String(event.id) }));
  }
}

const task = aTask;

function Board() {
  const tasks = useLiveBoard(useLoaderData<{ tasks: Task[] }>().tasks, 0);
  return (
    <ul>
      {tasks.map((item) => (
        <li key={item.id} data-testid={`card-${item.id}`}>
          {item.title} · {item.status}
        </li>
      ))}
    </ul>
  );
}

function setup(tasks: Task[]) {
  const source = new FakeEventSource();
  const loads = { board: 0 };
  // The one-task resource route, as the browser's fetch sees it.
  const fetched: string[] = [];
  const served = new Map<string, Task>();
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      fetched.push(url);
      const found = [...served.values()].find((item) => liveTaskUrl(item.id) === url);
      return Promise.resolve(
        found
          ? Response.json({ task: found, etag: `"${found.version}"` })
          : new Response('not found', { status: 404 }),
      );
    }),
  );
  onTestFinished(() => void vi.unstubAllGlobals());
  const Stub = createRemixStub([
    {
      path: '/tasks',
      loader: () => {
        loads.board += 1;
        return { tasks };
      },
      Component: Board,
    },
  ]);
  render(
    <LiveEventsProvider createEventSource={() => source}>
      <Stub initialEntries={['/tasks']} />
    </LiveEventsProvider>,
  );
  return { source, loads, fetched, served };
}

describe('the live Tasks board', () => {
  it('moves a card on a transition event without reloading the board', async () => {
    const { source, loads, fetched } = setup([task('T-1'), task('T-2')]);
    await screen.findByTestId('card-T-1');
    // The board subscribes in an effect: an event sent before that would be lost, not applied.
    await waitFor(() => expect(source.onmessage).toBeTypeOf('function'));
    act(() =>
      source.send({
        id: 1,
        event: 'task_transitioned',
        actor: 'agent:ada',
        target: 'T-1',
        details: { task_id: 'T-1', from: 'queued', to: 'claimed', version: 2 },
      }),
    );
    expect(screen.getByTestId('card-T-1').textContent).toBe('T-1 · claimed');
    expect(loads.board).toBe(1);
    expect(fetched).toEqual([]);
  });

  it('loads only the task an edit or a creation names', async () => {
    const { source, loads, fetched, served } = setup([task('T-1')]);
    await screen.findByTestId('card-T-1');
    served.set('T-1', task('T-1', { title: 'Renamed', version: 2 }));
    served.set('T-2', task('T-2', { title: 'Brand new' }));
    act(() => {
      source.send({
        id: 1,
        event: 'task_updated',
        actor: 'user:a',
        target: 'T-1',
        details: { task_id: 'T-1', version: 2, fields: ['title'] },
      });
      source.send({
        id: 2,
        event: 'task_created',
        actor: 'user:a',
        target: 'T-2',
        details: { task_id: 'T-2', title: 'Brand new', status: 'queued', version: 1 },
      });
    });
    await waitFor(() => expect(screen.getByTestId('card-T-1').textContent).toContain('Renamed'));
    expect((await screen.findByTestId('card-T-2')).textContent).toContain('Brand new');
    expect(fetched.sort()).toEqual([liveTaskUrl('T-1'), liveTaskUrl('T-2')]);
    expect(loads.board).toBe(1);
  });

  it('reloads the board for a task event it cannot apply', async () => {
    const { source, loads } = setup([task('T-1')]);
    await screen.findByTestId('card-T-1');
    act(() =>
      source.send({
        id: 1,
        event: 'task_archived',
        actor: 'user:a',
        target: 'T-1',
        details: { task_id: 'T-1' },
      }),
    );
    await waitFor(() => expect(loads.board).toBe(2));
  });
});
