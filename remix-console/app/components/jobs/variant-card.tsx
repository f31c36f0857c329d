import type { Job, Variant } from '@kyros/contracts/schemas/jobs';
import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { variantActions } from '../../lib/job-view.ts';
import { roleBlock } from '../../lib/roles.ts';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';
import { GatedButton } from '../ui/gated-button.tsx';

const VARIANT_TONES: Record<Variant['status'], BadgeTone> = {
  draft: 'neutral',
  accepted: 'good',
  rejected: 'neutral',
  exported: 'good',
};

/** One candidate: read it, edit it (If-Match on its ETag), accept it, download its export. */
export function VariantCard({
  job,
  variants,
  variant,
  role,
}: {
  job: Pick<Job, 'id' | 'status'>;
  variants: Pick<Variant, 'status'>[];
  variant: Variant;
  role: string;
}) {
  const actions = variantActions(job, variants, variant);
  const [editing, setEditing] = useState(false);
  const edit = useFetcher<ActionResult>({ key: `variant-edit-${variant.id}` });
  const accept = useFetcher<ActionResult>({ key: `variant-accept-${variant.id}` });
  // A 412 means someone saved first: the loaders reload the current version; start again from it.
  useActionToast(edit.data, () => setEditing(false));
  useActionToast(accept.data);
  useEffect(() => {
    if (edit.state === 'idle' && edit.data?.ok) setEditing(false);
  }, [edit.state, edit.data]);
  const writeBlock = roleBlock(role, 'operator', 'edit or accept variants');
  const chosen = variant.status === 'accepted' || variant.status === 'exported';
  const dimmed = variant.status === 'rejected';
  return (
    <article
      data-testid="variant-card"
      data-variant-id={variant.id}
      data-ordinal={variant.ordinal}
      data-status={variant.status}
      className={`flex min-w-0 flex-col rounded-2xl border bg-surface p-4 shadow-sm transition-colors ${
        chosen ? 'border-emerald-500/50 ring-1 ring-emerald-500/20' : 'border-line'
      } ${dimmed ? 'opacity-60' : ''}`}
    >
      <header className="mb-3 flex items-center justify-between gap-2">
        <p className="text-[11px] font-semibold uppercase tracking-wider text-subtle">
          Variant {variant.ordinal + 1}
          <span className="ml-2 font-normal normal-case tracking-normal text-subtle">
            v{variant.version}
          </span>
        </p>
        <Badge tone={VARIANT_TONES[variant.status]} testId="variant-status" dot={chosen}>
          {variant.status}
        </Badge>
      </header>
      {editing ? (
        <edit.Form
          method="post"
          className="flex flex-1 flex-col gap-2"
          aria-label={`Edit variant ${variant.ordinal + 1}`}
        >
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="variant_id" value={variant.id} />
          <input type="hidden" name="etag" value={variant.etag} />
          <label className="text-xs font-medium text-muted" htmlFor={`title-${variant.id}`}>
            Title
          </label>
          <input
            id={`title-${variant.id}`}
            name="title"
            required
            maxLength={300}
            defaultValue={variant.content.title}
            data-testid="variant-edit-title"
            className="focus-ring rounded-lg border border-line-strong bg-canvas px-3 py-2 text-sm text-fg"
          />
          <label className="mt-1 text-xs font-medium text-muted" htmlFor={`body-${variant.id}`}>
            Body (Markdown)
          </label>
          <textarea
            id={`body-${variant.id}`}
            name="body"
            rows={12}
            defaultValue={variant.content.body}
            data-testid="variant-edit-body"
            className="focus-ring min-h-48 flex-1 rounded-lg border border-line-strong bg-canvas px-3 py-2 font-mono text-[13px] leading-relaxed text-fg"
          />
          <div className="mt-1 flex gap-2">
            <button
              type="submit"
              data-testid="variant-save"
              disabled={edit.state !== 'idle'}
              className={buttonClass('primary')}
            >
              {edit.state !== 'idle' ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              data-testid="variant-edit-cancel"
              onClick={() => setEditing(false)}
              className={buttonClass('ghost')}
            >
              Cancel
            </button>
          </div>
        </edit.Form>
      ) : (
        <div className="flex min-h-0 flex-1 flex-col">
          <h3
            className="text-[15px] font-semibold leading-snug text-fg"
            data-testid="variant-title"
          >
            {variant.content.title}
          </h3>
          <div
            data-testid="variant-body"
            className="mt-2 max-h-72 flex-1 overflow-auto whitespace-pre-wrap rounded-lg bg-canvas/60 p-3 font-mono text-[12.5px] leading-relaxed text-muted"
          >
            {variant.content.body}
          </div>
        </div>
      )}
      {!editing && variant.status !== 'rejected' ? (
        <footer className="mt-3 flex flex-wrap items-center gap-2 border-t border-line pt-3">
          {actions.canEdit ? (
            <GatedButton
              type="button"
              block={writeBlock}
              data-testid="variant-edit"
              onClick={() => setEditing(true)}
              className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
            >
              Edit
            </GatedButton>
          ) : null}
          {actions.canAccept ? (
            <accept.Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="job_id" value={job.id} />
              <input type="hidden" name="variant_id" value={variant.id} />
              <GatedButton
                type="submit"
                block={writeBlock}
                data-testid="variant-accept"
                disabled={accept.state !== 'idle'}
                className={buttonClass('primary', '!px-3 !py-1.5 text-xs')}
              >
                {accept.state !== 'idle' ? 'Accepting…' : 'Accept'}
              </GatedButton>
            </accept.Form>
          ) : null}
          {actions.canDownload ? (
            <DownloadLink
              variantId={variant.id}
              ready={job.status === 'done'}
              block={roleBlock(role, 'operator', 'download exports')}
            />
          ) : null}
          {chosen && !actions.canDownload ? (
            <span className="text-xs text-muted">Exporting…</span>
          ) : null}
          {variant.status === 'draft' && !actions.canEdit && !actions.canAccept ? (
            <span className="text-xs text-subtle">
              Read-only: the job is {job.status.replace('_', ' ')}
            </span>
          ) : null}
        </footer>
      ) : null}
    </article>
  );
}

function DownloadLink({
  variantId,
  ready,
  block,
}: {
  variantId: string;
  ready: boolean;
  block: string | undefined;
}) {
  // The API's export is an operator write (it records the export), so a viewer cannot download.
  if (block) {
    return (
      <span
        title={block}
        data-testid="export-download-blocked"
        className={buttonClass('secondary', '!px-3 !py-1.5 text-xs cursor-not-allowed opacity-50')}
      >
        <span aria-hidden="true">↓</span> Download export
      </span>
    );
  }
  return (
    <a
      href={`/downloads/${variantId}`}
      download
      data-testid="export-download"
      className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
      title={
        ready
          ? 'Download the exported file'
          : 'The export is being written; the download waits for it'
      }
    >
      <span aria-hidden="true">↓</span> Download export
    </a>
  );
}
