import { TaskResponse, type Task } from '@kyros/contracts/schemas/collab-tasks';
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { applyLiveEvent, mergeSnapshot, upsertTask } from '../components/kanban/board-live.ts';
import { useLiveEvents } from './live-events.tsx';

/** Where the board loads one task (app/routes/live.tasks.$id.ts). */
export function liveTaskUrl(id: string): string {
  return `/live/tasks/${encodeURIComponent(id)}`;
}

/**
 * The Tasks board kept current by live events without reloading it: a transition moves its card
 * at once; a created or edited task is loaded alone; only an event the board cannot apply (or a
 * stream reset) reloads the page's data, debounced so a burst costs one reload. A reload's
 * snapshot is merged so it never shows an older version of a task than an event already did.
 */
export function useLiveBoard(snapshot: Task[], debounceMs = 150): Task[] {
  const [board, setBoard] = useState({ snapshot, tasks: snapshot });
  let tasks = board.tasks;
  if (board.snapshot !== snapshot) {
    tasks = mergeSnapshot(board.tasks, snapshot);
    setBoard({ snapshot, tasks });
  }
  const latest = useRef(tasks);
  useEffect(() => {
    latest.current = tasks;
  });

  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  useEffect(() => {
    revalidate.current = revalidator.revalidate;
  });
  const timer = useRef<number | undefined>(undefined);
  const loading = useRef(new Map<string, { again: boolean }>());
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const reloadSoon = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => revalidate.current(), debounceMs);
  };

  const load = (id: string) => {
    const inFlight = loading.current.get(id);
    if (inFlight) {
      inFlight.again = true;
      return;
    }
    const state = { again: false };
    loading.current.set(id, state);
    void fetch(liveTaskUrl(id), { headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (response.status === 404) return;
        if (!response.ok) throw new Error(`${response.status}`);
        const { task } = TaskResponse.parse(await response.json());
        setBoard((current) => ({ ...current, tasks: upsertTask(current.tasks, task) }));
      })
      .catch(() => reloadSoon())
      .finally(() => {
        loading.current.delete(id);
        if (state.again) load(id);
      });
  };

  useLiveEvents((message) => {
    if (message.type === 'reset') {
      reloadSoon();
      return;
    }
    const step = applyLiveEvent(latest.current, message.event);
    if (step.kind === 'revalidate') reloadSoon();
    else if (step.kind === 'fetch') load(step.id);
    else if (step.kind === 'patch') {
      latest.current = step.tasks;
      // Re-derived from the state React holds, in case a reload merged in meanwhile.
      setBoard((current) => {
        const again = applyLiveEvent(current.tasks, message.event);
        return again.kind === 'patch' ? { ...current, tasks: again.tasks } : current;
      });
    }
  });
  return tasks;
}
