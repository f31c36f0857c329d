import { JobsId, type Preset } from '@kyros/contracts/schemas/jobs';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { JobWorkbench } from '../components/jobs/job-workbench.tsx';
import { Icon } from '../components/nav-icons.tsx';
import { StudioForm } from '../components/studio/studio-form.tsx';
import { useToast } from '../components/toasts.tsx';
import { Badge } from '../components/ui/badge.tsx';
import { buttonClass } from '../components/ui/button.ts';
import { EmptyState } from '../components/ui/empty-state.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { performJobIntent } from '../lib/job-actions.server.ts';
import { isJobEvent } from '../lib/job-view.ts';
import { loadJobDetail } from '../lib/jobs-loader.server.ts';
import { parseStudioForm } from '../lib/preset-form.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';
import { formText } from '../lib/form-data.ts';

export const meta: MetaFunction = () => [{ title: 'Studio · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const url = new URL(request.url);
    const presets = (await api.jobs.listPresets()).items;
    const presetId = url.searchParams.get('preset');
    const jobId = JobsId.safeParse(url.searchParams.get('job'));
    const detail = jobId.success ? await loadJobDetail(api, context, jobId.data, presets) : null;
    const selected =
      presets.find((preset) => preset.id === presetId) ??
      presets.find((preset) => preset.id === detail?.job.preset_id) ??
      presets[0] ??
      null;
    return { presets, selected, detail, now: Date.now() };
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api, headers }) => {
    const form = await request.formData();
    if (form.get('intent') !== 'start') {
      const result = await performJobIntent(api, form);
      if (!result) throw new Response('Unknown action', { status: 400 });
      return result;
    }
    const presetId = formText(form, 'preset_id');
    let preset: Preset;
    try {
      preset = await api.jobs.getPreset(presetId);
    } catch (error) {
      return describeApiFailure(error);
    }
    const parsed = parseStudioForm(form, preset);
    if (!parsed.ok) {
      return {
        ok: false as const,
        status: 400,
        title: 'Check the inputs',
        detail: 'Some inputs are not valid',
        errors: parsed.errors,
      };
    }
    try {
      const job = await api.jobs.createJob(parsed.request);
      const search = new URLSearchParams({ preset: preset.id, job: job.id });
      // Remix's way out of an action wrapped by withApi: a thrown redirect (a Response).
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw redirect(`/studio?${search}`, { headers });
    } catch (error) {
      if (error instanceof Response) throw error;
      return describeApiFailure(error);
    }
  });
}

export default function StudioPage() {
  const { presets, selected, detail, now: loadedAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const role = useRole();
  const now = useNow(5000, loadedAt);
  const toast = useToast();
  useLiveRevalidate((event) => isJobEvent(event.event));
  const starting =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === 'start';
  const errors: Record<string, string> =
    result && !result.ok && 'errors' in result
      ? ((result.errors as Record<string, string> | undefined) ?? {})
      : {};
  useEffect(() => {
    if (result && !result.ok && !('errors' in result && result.errors)) {
      toast.show({ tone: 'error', title: result.title, detail: result.detail });
    }
  }, [result, toast]);
  return (
    <>
      <PageHeader
        eyebrow="Generation"
        title="Studio"
        description="Pick a preset, fill its inputs and start a job. Follow it here as it drafts variants, then accept the one you want and download the export."
        actions={
          <Link to="/settings/presets" className={buttonClass('ghost')}>
            Manage presets
          </Link>
        }
      />
      {presets.length === 0 ? (
        <EmptyState
          testId="studio-no-presets"
          icon={<Icon name="studio" />}
          title="No presets to run"
          action={
            <Link to="/settings/presets" className={buttonClass('primary')}>
              Create a preset
            </Link>
          }
        >
          A preset is a Markdown template with{' '}
          <code className="font-mono">{'{{placeholders}}'}</code>, an export format and a number of
          variants. Create one in Settings.
        </EmptyState>
      ) : (
        <div className="grid items-start gap-6 lg:grid-cols-[380px_minmax(0,1fr)]">
          <div className="space-y-4">
            <section
              aria-labelledby="studio-presets"
              className="rounded-2xl border border-line bg-surface p-4"
            >
              <h2
                id="studio-presets"
                className="mb-3 text-[11px] font-semibold uppercase tracking-wider text-subtle"
              >
                1 · Preset
              </h2>
              <ul className="space-y-2" data-testid="studio-preset-picker">
                {presets.map((preset) => {
                  const current = preset.id === selected?.id;
                  return (
                    <li key={preset.id}>
                      <Link
                        to={`?preset=${preset.id}`}
                        data-testid="studio-preset-option"
                        data-preset-name={preset.name}
                        aria-current={current ? 'true' : undefined}
                        className={`focus-ring block rounded-xl border px-3.5 py-3 transition-colors ${
                          current
                            ? 'border-accent bg-accent/10'
                            : 'border-line hover:border-line-strong hover:bg-raised'
                        }`}
                      >
                        <span className="flex items-center justify-between gap-2">
                          <span className="font-medium text-fg">{preset.name}</span>
                          <Badge tone={preset.format === 'json' ? 'info' : 'accent'}>
                            {preset.format === 'json' ? 'JSON' : 'Markdown'}
                          </Badge>
                        </span>
                        {preset.description ? (
                          <span className="mt-1 block text-xs leading-relaxed text-muted">
                            {preset.description}
                          </span>
                        ) : null}
                        <span className="mt-1 block text-[11px] text-subtle">
                          {preset.variant_count} variant{preset.variant_count === 1 ? '' : 's'}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </section>
            <section
              aria-labelledby="studio-inputs"
              className="rounded-2xl border border-line bg-surface p-4"
            >
              <h2
                id="studio-inputs"
                className="mb-3 text-[11px] font-semibold uppercase tracking-wider text-subtle"
              >
                2 · Inputs
              </h2>
              {selected ? (
                <StudioForm
                  key={selected.id}
                  preset={selected}
                  errors={errors}
                  role={role}
                  submitting={starting}
                />
              ) : (
                <p className="text-sm text-muted" data-testid="studio-pick-hint">
                  Pick a preset above to see its inputs.
                </p>
              )}
            </section>
          </div>
          <div className="min-w-0">
            <h2 className="mb-3 text-[11px] font-semibold uppercase tracking-wider text-subtle">
              3 · Review
            </h2>
            {detail ? (
              <>
                <JobWorkbench
                  job={detail.job}
                  variants={detail.variants}
                  presetName={detail.presetName}
                  workflowUrl={detail.workflowUrl}
                  role={role}
                  now={now}
                />
                <p className="mt-4 text-sm">
                  <Link
                    to={`/jobs/${detail.job.id}`}
                    className="text-accent-fg hover:underline"
                    data-testid="studio-open-job"
                  >
                    Open this job in Jobs →
                  </Link>
                </p>
              </>
            ) : (
              <EmptyState
                testId="studio-no-job"
                icon={<Icon name="jobs" />}
                title="Nothing running yet"
              >
                Start a job: its steps and variants appear here live, and you can accept one and
                download the export without leaving Studio.
              </EmptyState>
            )}
          </div>
        </div>
      )}
    </>
  );
}
