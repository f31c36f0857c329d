import { useEffect, useRef } from 'react';
import { useToast } from '../components/toasts.tsx';

export type ActionResult =
  | { ok: true; message?: string; detail?: string }
  | { ok: false; status: number; title: string; detail: string };

// Keyed fetchers keep their answer while the component that shows it remounts (a Kanban card
// moving columns), so "already shown" is remembered per answer object, not per component.
const shown = new WeakSet<object>();

/** Shows a fetcher's answer as a toast once per answer (success only when it carries a message). */
export function useActionToast(result: ActionResult | undefined, onFailure?: () => void): void {
  const toast = useToast();
  const latestOnFailure = useRef(onFailure);
  useEffect(() => {
    latestOnFailure.current = onFailure;
  });
  useEffect(() => {
    if (!result || shown.has(result)) return;
    shown.add(result);
    if (result.ok) {
      if (result.message)
        toast.show({ tone: 'success', title: result.message, detail: result.detail });
      return;
    }
    latestOnFailure.current?.();
    toast.show({ tone: 'error', title: failureTitle(result), detail: result.detail });
  }, [result, toast]);
}

function failureTitle(failure: { status: number; title: string }): string {
  if (failure.status === 412) return 'Someone changed this first — showing the latest version';
  if (failure.status === 409) return `Conflict: ${failure.title}`;
  if (failure.status === 403) return 'Your role does not allow this';
  return failure.title;
}
