import { EXECUTOR_NAMES } from '@kyros/contracts/schemas/executors';
import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import type { TaskFormErrors } from '../../lib/task-form.ts';
import { buttonClass } from '../ui/button.ts';
import { roleBlock } from '../../lib/roles.ts';
import { useRole } from '../../lib/use-role.ts';

type CreateResult = ActionResult | { ok: false; errors: TaskFormErrors };

const FIELD =
  'focus-ring mt-1 block w-full rounded-lg border border-line-strong bg-sunken px-3 py-2 text-sm text-fg placeholder:text-subtle aria-[invalid=true]:border-rose-500/60';

/** "New task": a modal form whose fields the action checks with the API's CreateTaskRequest. */
export function NewTaskDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const fetcher = useFetcher<CreateResult>();
  const result = fetcher.data;
  const errors = result && !result.ok && 'errors' in result ? result.errors : {};
  useActionToast(result && 'errors' in result ? undefined : result);
  useEffect(() => {
    if (fetcher.state === 'idle' && result?.ok) {
      form.current?.reset();
      dialog.current?.close();
    }
  }, [fetcher.state, result]);
  const busy = fetcher.state !== 'idle';
  const block = roleBlock(useRole(), 'agent', 'create tasks');
  return (
    <>
      <span title={block} className={block ? 'inline-flex cursor-not-allowed' : 'inline-flex'}>
        <button
          type="button"
          className={buttonClass('primary')}
          data-testid="new-task"
          disabled={Boolean(block)}
          onClick={() => dialog.current?.showModal()}
        >
          + New task
        </button>
      </span>
      <dialog
        ref={dialog}
        aria-labelledby="new-task-title"
        data-testid="new-task-dialog"
        className="m-auto w-[32rem] max-w-[calc(100vw-2rem)] rounded-2xl border border-line bg-surface p-0 text-fg shadow-2xl backdrop:bg-black/50 backdrop:backdrop-blur-sm"
      >
        <fetcher.Form method="post" ref={form} className="space-y-4 p-6" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="flex items-start justify-between">
            <div>
              <h2 id="new-task-title" className="text-lg font-semibold">
                New task
              </h2>
              <p className="mt-0.5 text-sm text-muted">
                It starts in Queued; agents claim it from there.
              </p>
            </div>
            <button
              type="button"
              aria-label="Close"
              onClick={() => dialog.current?.close()}
              className="focus-ring -m-1 grid size-8 place-items-center rounded-lg text-subtle hover:bg-raised hover:text-fg"
            >
              ×
            </button>
          </div>
          <Field name="title" label="Title" error={errors.title}>
            <input
              id="task-title"
              name="title"
              required
              maxLength={200}
              className={FIELD}
              data-testid="new-task-title"
              aria-invalid={errors.title ? true : undefined}
              aria-describedby={errors.title ? 'task-title-error' : undefined}
              placeholder="Rate-limit the login route"
            />
          </Field>
          <Field name="description" label="Description" error={errors.description}>
            <textarea id="task-description" name="description" rows={3} className={FIELD} />
          </Field>
          <div className="grid grid-cols-2 gap-4">
            <Field name="priority" label="Priority" error={errors.priority}>
              <select
                id="task-priority"
                name="priority"
                defaultValue="medium"
                className={FIELD}
                data-testid="new-task-priority"
              >
                {['low', 'medium', 'high', 'critical'].map((priority) => (
                  <option key={priority} value={priority}>
                    {priority}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="executor" label="Executor" error={errors.executor}>
              <select
                id="task-executor"
                name="executor"
                defaultValue=""
                className={FIELD}
                data-testid="new-task-executor"
              >
                <option value="">None (done by an agent)</option>
                {EXECUTOR_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="grid grid-cols-2 gap-4">
            <Field name="labels" label="Labels" hint="Comma-separated" error={errors.labels}>
              <input id="task-labels" name="labels" className={FIELD} placeholder="api, security" />
            </Field>
            <Field
              name="dependencies"
              label="Depends on"
              hint="Task ids"
              error={errors.dependencies}
            >
              <input
                id="task-dependencies"
                name="dependencies"
                className={FIELD}
                placeholder="T-12, T-14"
                aria-invalid={errors.dependencies ? true : undefined}
              />
            </Field>
          </div>
          <Field name="dod" label="Definition of done" hint="One item per line" error={errors.dod}>
            <textarea
              id="task-dod"
              name="dod"
              rows={3}
              className={FIELD}
              placeholder={'Tests pass\nDocs updated'}
            />
          </Field>
          {errors.form ? (
            <p role="alert" className="text-sm text-rose-600 dark:text-rose-300">
              {errors.form}
            </p>
          ) : null}
          <div className="flex justify-end gap-2 pt-2">
            <button
              type="button"
              className={buttonClass('ghost')}
              onClick={() => dialog.current?.close()}
            >
              Cancel
            </button>
            <button
              type="submit"
              className={buttonClass('primary')}
              disabled={busy}
              data-testid="new-task-submit"
            >
              {busy ? 'Creating…' : 'Create task'}
            </button>
          </div>
        </fetcher.Form>
      </dialog>
    </>
  );
}

function Field({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label
        htmlFor={`task-${name}`}
        className="flex items-baseline justify-between text-sm font-medium text-fg"
      >
        {label}
        {hint ? <span className="text-xs font-normal text-subtle">{hint}</span> : null}
      </label>
      {children}
      {error ? (
        <p id={`task-${name}-error`} className="mt-1 text-xs text-rose-600 dark:text-rose-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
