import type { Preset } from '@kyros/contracts/schemas/jobs';
import { useFetcher } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { roleBlock } from '../../lib/roles.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';
import { PresetEditor } from './preset-editor.tsx';

/** The presets Studio and schedules run: create one, edit one in place, delete one. */
export function PresetsPanel({ presets, role }: { presets: Preset[]; role: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const block = roleBlock(role, 'operator', 'change presets');
  return (
    <div className="space-y-3">
      {editing === 'new' ? (
        <div className="rounded-xl border border-accent/40 bg-canvas/40 p-4">
          <PresetEditor onDone={close} />
        </div>
      ) : (
        <GatedButton
          type="button"
          block={block}
          onClick={() => setEditing('new')}
          data-testid="preset-new"
          className={buttonClass('primary')}
        >
          + New preset
        </GatedButton>
      )}
      <ul className="divide-y divide-line rounded-xl border border-line" data-testid="preset-list">
        {presets.length === 0 ? (
          <li className="px-4 py-6 text-center text-sm text-muted">
            No presets yet: create one to run it from Studio.
          </li>
        ) : null}
        {presets.map((preset) => (
          <li
            key={preset.id}
            data-testid="preset-row"
            data-preset-name={preset.name}
            className="px-4 py-3"
          >
            {editing === preset.id ? (
              <PresetEditor preset={preset} onDone={close} />
            ) : (
              <PresetRow preset={preset} block={block} onEdit={() => setEditing(preset.id)} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PresetRow({
  preset,
  block,
  onEdit,
}: {
  preset: Preset;
  block: string | undefined;
  onEdit: () => void;
}) {
  const remove = useFetcher<ActionResult>();
  useActionToast(remove.data);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-0">
        <p className="flex items-center gap-2">
          <span className="font-mono text-sm font-medium text-fg">{preset.name}</span>
          <Badge tone={preset.format === 'json' ? 'info' : 'accent'}>
            {preset.format === 'json' ? 'JSON' : 'Markdown'}
          </Badge>
          <span className="text-xs text-subtle">{preset.variant_count} variants</span>
        </p>
        <p className="mt-0.5 truncate text-xs text-muted">
          {preset.description ?? preset.template.split('\n')[0]}
        </p>
        <p className="mt-0.5 font-mono text-[11px] text-subtle">
          inputs: {Object.keys(preset.parameters).join(', ') || '—'}
        </p>
      </div>
      <div className="flex gap-2">
        <GatedButton
          type="button"
          block={block}
          onClick={onEdit}
          data-testid="preset-edit"
          className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
        >
          Edit
        </GatedButton>
        <remove.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Delete the preset ${preset.name}? Past jobs keep their copy.`))
              event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="preset-delete" />
          <input type="hidden" name="id" value={preset.id} />
          <GatedButton
            type="submit"
            block={block}
            disabled={remove.state !== 'idle'}
            data-testid="preset-delete"
            className={buttonClass('danger', '!px-3 !py-1.5 text-xs')}
          >
            Delete
          </GatedButton>
        </remove.Form>
      </div>
    </div>
  );
}
