import {
  ExportResponse,
  JobSchema,
  PresetSchema,
  StoredJobInput,
  StoredPresetParameters,
  VariantContent,
  VariantSchema,
  type Job,
  type Job as JobBody,
  type Preset as PresetBody,
  type Variant,
  type Variant as VariantBody,
} from '@kyros/contracts/schemas/jobs';
import {
  ScheduleSchema,
  type OverlapPolicy,
  type Schedule as ScheduleBody,
} from '@kyros/contracts/schemas/jobs-schedules';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import { variantEtag } from './domain/job-cursor.ts';

/** The columns of the Prisma rows these representations read. */
interface Stamped {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}
export interface PresetRow extends Stamped {
  name: string;
  description: string | null;
  template: string;
  parameters: unknown;
  variantCount: number;
}
export interface JobRow extends Stamped {
  status: Job['status'];
  presetId: string | null;
  scheduleId: string | null;
  variantCount: number;
  input: unknown;
  error: string | null;
  finishedAt: Date | null;
}
export interface VariantRow extends Stamped {
  jobId: string;
  ordinal: number;
  status: Variant['status'];
  content: unknown;
  version: number;
  acceptedAt: Date | null;
  exportedAt: Date | null;
  exportPath: string | null;
}
export interface ScheduleRow extends Stamped {
  name: string;
  presetId: string;
  kind: 'cron' | 'once';
  cronExpression: string | null;
  runAt: Date | null;
  timeZone: string;
  overlapPolicy: OverlapPolicy;
  paused: boolean;
  input: unknown;
  temporalScheduleId: string;
}

/** Database rows → the contract's JSON, parsed on the way out so a drift fails loudly. */

export function presetBody(row: PresetRow): PresetBody {
  const parameters = StoredPresetParameters.parse(row.parameters);
  return PresetSchema.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    template: row.template,
    format: parameters.format,
    parameters: parameters.input,
    variant_count: row.variantCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

export function jobBody(row: JobRow): JobBody {
  const stored = StoredJobInput.safeParse(row.input);
  return JobSchema.parse({
    id: row.id,
    status: row.status,
    preset_id: row.presetId,
    schedule_id: row.scheduleId,
    variant_count: row.variantCount,
    input: stored.success ? stored.data.values : {},
    error: row.error,
    workflow_id: jobWorkflowId(row.id),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  });
}

export function variantBody(row: VariantRow): VariantBody {
  return VariantSchema.parse({
    id: row.id,
    job_id: row.jobId,
    ordinal: row.ordinal,
    status: row.status,
    content: VariantContent.parse(row.content),
    version: row.version,
    etag: variantEtag(row.version),
    accepted_at: row.acceptedAt?.toISOString() ?? null,
    exported_at: row.exportedAt?.toISOString() ?? null,
    export_path: row.exportPath,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

/** What exportVariant returns: the job, the exported variant, its format and its artifact. */
export interface ExportedVariant {
  job: { id: string };
  variant: { id: string; exportPath: string | null; exportedAt: Date | null };
  format: ExportResponse['format'];
  artifact: { filename: string; mediaType: string; text: string };
}

export function exportBody({ job, variant, format, artifact }: ExportedVariant): ExportResponse {
  return ExportResponse.parse({
    job_id: job.id,
    variant_id: variant.id,
    format,
    filename: artifact.filename,
    media_type: artifact.mediaType,
    content: artifact.text,
    export_path: variant.exportPath,
    exported_at: variant.exportedAt?.toISOString() ?? null,
  });
}

export interface ScheduleRuns {
  next: Date[];
  recent: Date[];
}

export function scheduleBody(row: ScheduleRow, runs: ScheduleRuns): ScheduleBody {
  const input = (row.input ?? {}) as { values?: Record<string, unknown> };
  return ScheduleSchema.parse({
    id: row.id,
    name: row.name,
    preset_id: row.presetId,
    kind: row.kind,
    cron: row.cronExpression,
    run_at: row.runAt?.toISOString() ?? null,
    time_zone: row.timeZone,
    overlap_policy: row.overlapPolicy,
    paused: row.paused,
    input: input.values ?? {},
    temporal_schedule_id: row.temporalScheduleId,
    next_run_times: runs.next.map((time) => time.toISOString()),
    recent_run_times: runs.recent.map((time) => time.toISOString()),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}
