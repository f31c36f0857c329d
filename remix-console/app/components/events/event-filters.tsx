import type { EventFilter } from '@kyros/contracts/schemas/collab-events';
import { Form, Link } from '@remix-run/react';
import { buttonClass } from '../ui/button.ts';

const FIELDS = [
  { name: 'task', label: 'Task', placeholder: 'T-12, T-14' },
  { name: 'agent', label: 'Agent', placeholder: 'claude-1' },
  { name: 'type', label: 'Event type', placeholder: 'task_claimed, lease_granted' },
] as const;

/** A GET form: the filter lives in the URL, so a filtered view can be shared and reloaded. */
export function EventFilters({ filter }: { filter: EventFilter }) {
  const active = Object.keys(filter).length > 0;
  return (
    <Form
      method="get"
      data-testid="event-filters"
      className="flex flex-wrap items-end gap-3 rounded-2xl border border-line bg-surface p-4"
    >
      {FIELDS.map((field) => (
        <div key={field.name} className="min-w-40 flex-1">
          <label htmlFor={`filter-${field.name}`} className="text-xs font-medium text-muted">
            {field.label}
          </label>
          <input
            id={`filter-${field.name}`}
            name={field.name}
            defaultValue={filter[field.name]?.join(', ') ?? ''}
            placeholder={field.placeholder}
            data-testid={`filter-${field.name}`}
            className="focus-ring mt-1 block w-full rounded-lg border border-line-strong bg-sunken px-3 py-2 font-mono text-xs text-fg placeholder:text-subtle"
          />
        </div>
      ))}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass('secondary')} data-testid="filter-apply">
          Apply
        </button>
        {active ? (
          <Link to="." className={buttonClass('ghost')} data-testid="filter-clear">
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
