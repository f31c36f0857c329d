import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useActionToast, type ActionResult } from './use-action-toast.ts';

/** What a create form's action answers: a result, or the fields it refused and why. */
export type CreateFormResult = ActionResult & { errors?: Record<string, string> };

/**
 * A create form's fetcher: its answer toasted (unless it names refused fields, shown by the
 * fields), those fields' errors, and the form emptied once the create has succeeded.
 */
export function useCreateForm<Result extends CreateFormResult>(key: string) {
  const create = useFetcher<Result>({ key });
  const result = create.data as Result | undefined;
  useActionToast(result && !result.errors ? result : undefined);
  const errors: Record<string, string> = result && !result.ok ? (result.errors ?? {}) : {};
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (create.state === 'idle' && result?.ok) formRef.current?.reset();
  }, [create.state, result]);
  return { create, result, errors, formRef, busy: create.state !== 'idle' };
}
