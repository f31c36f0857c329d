import type { Preset } from '@kyros/contracts/schemas/jobs';
import type { AppLoadContext } from '@remix-run/node';
import type { ConsoleApi } from './api.server.ts';
import { workflowUrl } from './job-view.ts';

/** A job with its variants, its preset's name and the Temporal UI link of `job-<id>`. */
export async function loadJobDetail(
  api: ConsoleApi,
  context: AppLoadContext,
  jobId: string,
  presets?: Preset[],
) {
  const [{ job, variants }, presetList] = await Promise.all([
    api.jobs.getJob(jobId),
    presets ? Promise.resolve(presets) : api.jobs.listPresets().then((list) => list.items),
  ]);
  const { uiUrl, namespace } = context.config.temporal;
  return {
    job,
    variants: [...variants].sort((a, b) => a.ordinal - b.ordinal),
    presetName: presetList.find((preset) => preset.id === job.preset_id)?.name ?? null,
    workflowUrl: workflowUrl(uiUrl, namespace, job.workflow_id),
  };
}
