import type { Tool } from '@kyros/contracts/schemas/tools';
import { useFetcher } from '@remix-run/react';
import { toolConfigFields, type ToolConfigField } from '../../lib/tool-config-form.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';

const CONTROL =
  'focus-ring w-full rounded-lg border border-line-strong bg-canvas px-3 py-2 text-sm text-fg aria-[invalid=true]:border-rose-500';

type Result = ActionResult & { errors?: Record<string, string> };

/** One tool: its switch and, when it has options, their form; `block` says why a role cannot. */
export function ToolCard({ tool, block }: { tool: Tool; block: string | undefined }) {
  const toggle = useFetcher<Result>({ key: `tool-toggle-${tool.name}` });
  const configure = useFetcher<Result>({ key: `tool-configure-${tool.name}` });
  useActionToast(toggle.data);
  useActionToast(configure.data && !configure.data.errors ? configure.data : undefined);
  const errors = configure.data && !configure.data.ok ? (configure.data.errors ?? {}) : {};
  const fields = toolConfigFields(tool.config_schema);
  const slug = tool.name.replace(/[^a-z0-9]+/g, '-');
  return (
    <article
      className="rounded-xl border border-line bg-canvas p-4"
      data-testid={`tool-${slug}`}
      data-enabled={tool.enabled}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="flex items-center gap-2 font-mono text-sm font-semibold text-fg">
            {tool.name}
            <Badge tone={tool.kind === 'flow' ? 'accent' : 'neutral'}>{tool.kind}</Badge>
            <Badge tone={tool.enabled ? 'good' : 'bad'} dot testId={`tool-${slug}-state`}>
              {tool.enabled ? 'enabled' : 'disabled'}
            </Badge>
          </h3>
          <p className="mt-1 text-sm text-muted">{tool.description}</p>
        </div>
        <toggle.Form method="post">
          <input type="hidden" name="intent" value="tool-toggle" />
          <input type="hidden" name="name" value={tool.name} />
          <input type="hidden" name="etag" value={tool.etag} />
          <input type="hidden" name="enabled" value={tool.enabled ? 'false' : 'true'} />
          <GatedButton
            block={block}
            type="submit"
            disabled={toggle.state !== 'idle'}
            data-testid={`tool-${slug}-toggle`}
            className={buttonClass(tool.enabled ? 'secondary' : 'primary')}
          >
            {tool.enabled ? 'Disable' : 'Enable'}
          </GatedButton>
        </toggle.Form>
      </div>
      {fields.length === 0 ? (
        <p className="mt-3 text-xs text-subtle">No options.</p>
      ) : (
        <configure.Form
          method="post"
          className="mt-4 grid items-start gap-3 sm:grid-cols-3"
          data-testid={`tool-${slug}-config`}
          noValidate
        >
          <input type="hidden" name="intent" value="tool-configure" />
          <input type="hidden" name="name" value={tool.name} />
          <input type="hidden" name="etag" value={tool.etag} />
          {fields.map((field) => (
            <ConfigField
              key={`${field.key}-${tool.version}`}
              field={field}
              id={`${slug}-${field.key}`}
              value={tool.config[field.key]}
              error={errors[field.key]}
            />
          ))}
          <div className="sm:col-span-3">
            <GatedButton
              block={block}
              type="submit"
              disabled={configure.state !== 'idle'}
              data-testid={`tool-${slug}-save`}
              className={buttonClass('primary')}
            >
              {configure.state !== 'idle' ? 'Saving…' : 'Save options'}
            </GatedButton>
            <span className="ml-3 text-xs text-subtle">
              Blank means the workspace&apos;s own config decides. Runs already started keep their
              options.
            </span>
          </div>
        </configure.Form>
      )}
    </article>
  );
}

function ConfigField({
  field,
  id,
  value,
  error,
}: {
  field: ToolConfigField;
  id: string;
  value: unknown;
  error: string | undefined;
}) {
  const current =
    typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string'
      ? String(value)
      : '';
  const common = {
    id,
    name: `config.${field.key}`,
    defaultValue: current,
    className: CONTROL,
    'data-testid': `field-${id}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-mono text-xs font-medium text-fg">
        {field.key}
      </label>
      {field.control === 'number' ? (
        <input {...common} type="number" min={field.min} max={field.max} placeholder="default" />
      ) : (
        <select {...common}>
          <option value="">default</option>
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-600 dark:text-rose-300">
          {error}
        </p>
      ) : field.help ? (
        <p className="mt-1 text-xs text-subtle">{field.help}</p>
      ) : null}
    </div>
  );
}
