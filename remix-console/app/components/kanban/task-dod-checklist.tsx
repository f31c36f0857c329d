import type { Task } from '@kyros/contracts/schemas/collab-tasks';
import { useFetcher } from '@remix-run/react';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { roleBlock } from '../../lib/roles.ts';
import { useRole } from '../../lib/use-role.ts';

/** The Definition of Done, collapsed to its progress; ticking an item patches the task (If-Match). */
export function DodChecklist({ task }: { task: Task }) {
  const done = task.dod.filter((item) => item.done).length;
  return (
    <details className="group/dod mt-2" data-testid="task-dod">
      <summary className="focus-ring flex cursor-pointer list-none items-center gap-2 rounded text-xs text-muted">
        <span aria-hidden="true" className="transition-transform group-open/dod:rotate-90">
          ›
        </span>
        <span className="truncate" title="Definition of done">
          Checklist
        </span>
        <span className="ml-auto font-mono tabular-nums" data-testid="task-dod-progress">
          {done}/{task.dod.length}
        </span>
      </summary>
      <div aria-hidden="true" className="mt-1.5 h-1 overflow-hidden rounded-full bg-raised">
        <div
          className="h-full rounded-full bg-emerald-400"
          style={{ width: `${(done / task.dod.length) * 100}%` }}
        />
      </div>
      <ul className="mt-2 space-y-1">
        {task.dod.map((item, index) => (
          <DodItemRow key={`${index}:${item.item}`} task={task} index={index} item={item} />
        ))}
      </ul>
    </details>
  );
}

function DodItemRow({
  task,
  index,
  item,
}: {
  task: Task;
  index: number;
  item: Task['dod'][number];
}) {
  const fetcher = useFetcher<ActionResult>();
  useActionToast(fetcher.data);
  const readOnly = roleBlock(useRole(), 'agent', 'tick the definition of done');
  const pending = fetcher.formData?.get('done');
  const checked = typeof pending === 'string' ? pending === 'true' : item.done;
  const id = `dod-${task.id}-${index}`;
  return (
    <li className="flex items-start gap-2 text-xs">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={Boolean(readOnly)}
        title={readOnly}
        data-testid={`task-dod-item-${index}`}
        onChange={(event) =>
          fetcher.submit(
            {
              intent: 'dod',
              id: task.id,
              index: String(index),
              item: item.item,
              done: String(event.target.checked),
            },
            { method: 'post' },
          )
        }
        className="focus-ring mt-px size-3.5 rounded accent-emerald-500"
      />
      <label htmlFor={id} className={checked ? 'text-subtle line-through' : 'text-muted'}>
        {item.item}
      </label>
    </li>
  );
}
