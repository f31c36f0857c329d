import { z } from 'zod';

/**
 * The jobs contract: presets (what to generate), jobs (one run of a preset, workflow `job-<id>`),
 * their variants (N candidates a person edits and accepts) and the export of the accepted one.
 * Schedules live in `jobs-schedules.ts`.
 */

/** Database ids are uuids; anything else names nothing (404). */
export const JobsId = z.uuid().meta({ id: 'JobsId', description: 'A uuid.' });

const MAX_JSON_BYTES = 16 * 1024;

/** PostgreSQL's jsonb cannot hold U+0000, so no stored string or key may contain it. */
// eslint-disable-next-line no-control-regex -- refusing U+0000 is the point
const storableString = z.string().regex(/^[^\u0000]*$/, 'must not contain U+0000');
const storableKeys = { propertyNames: { pattern: '^[^\\u0000]*$' } };
type StorableJson =
  string | number | boolean | null | StorableJson[] | { [key: string]: StorableJson };
/** Any JSON value PostgreSQL can store (jsonb). */
export const StorableJson: z.ZodType<StorableJson> = z
  .lazy(() =>
    z.union([
      storableString,
      z.number(),
      z.boolean(),
      z.null(),
      z.array(StorableJson),
      z.record(storableString, StorableJson).meta(storableKeys),
    ]),
  )
  .meta({ id: 'StorableJson' });

/** Free-form JSON values for a preset's parameters or a job's input; at most 16 KB serialised. */
export const JobInput = z
  .record(storableString.max(100), StorableJson)
  .refine((value) => JSON.stringify(value).length <= MAX_JSON_BYTES, {
    message: `must be at most ${MAX_JSON_BYTES} bytes once serialised`,
  })
  .meta({
    ...storableKeys,
    id: 'JobInput',
    description: 'Values the template fills in (`{{name}}`); at most 16 KB as JSON.',
  });
export type JobInput = z.infer<typeof JobInput>;

export const EXPORT_FORMATS = ['markdown', 'json'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS).meta({
  id: 'ExportFormat',
  description: 'What `POST /export/{variant_id}` downloads: a `.md` file or a `.json` document.',
});
export type ExportFormat = z.infer<typeof ExportFormat>;

export const PresetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, ≤ 63')
  .meta({ description: 'A slug, e.g. `release-notes`.' });

export const MAX_VARIANTS = 10;
const VariantCount = z.number().int().min(1).max(MAX_VARIANTS);

const presetFields = {
  name: PresetName,
  description: z.string().max(500).optional(),
  template: z
    .string()
    .min(1)
    .max(20_000)
    .meta({ description: 'Markdown with `{{name}}` placeholders filled from the job input.' }),
  format: ExportFormat.default('markdown'),
  parameters: JobInput.default({}).meta({ description: 'Default input values for jobs.' }),
  variant_count: VariantCount.default(3),
};

export const CreatePresetRequest = z.strictObject(presetFields).meta({ id: 'CreatePresetRequest' });
export type CreatePresetRequest = z.input<typeof CreatePresetRequest>;

export const UpdatePresetRequest = z
  .strictObject({
    name: presetFields.name.optional(),
    description: z.string().max(500).nullable().optional(),
    template: presetFields.template.optional(),
    format: ExportFormat.optional(),
    parameters: JobInput.optional(),
    variant_count: VariantCount.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'name at least one field' })
  // The refine, as the document states it.
  .meta({ id: 'UpdatePresetRequest', minProperties: 1 });
export type UpdatePresetRequest = z.input<typeof UpdatePresetRequest>;

const Timestamp = z.iso.datetime({ offset: true });

export const PresetSchema = z
  .strictObject({
    id: JobsId,
    name: z.string(),
    description: z.string().nullable(),
    template: z.string(),
    format: ExportFormat,
    parameters: z.record(z.string(), z.unknown()),
    variant_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Preset' });
export type Preset = z.infer<typeof PresetSchema>;

export const PresetListResponse = z
  .strictObject({ items: z.array(PresetSchema) })
  .meta({ id: 'PresetListResponse' });

export const JOB_STATUSES = [
  'queued',
  'generating',
  'awaiting_review',
  'exporting',
  'done',
  'failed',
  'expired',
] as const;
export const JobStatus = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof JobStatus>;

export const VARIANT_STATUSES = ['draft', 'accepted', 'rejected', 'exported'] as const;
export const VariantStatus = z.enum(VARIANT_STATUSES).meta({ id: 'VariantStatus' });
export type VariantStatus = z.infer<typeof VariantStatus>;

/** What a variant holds: a title and a Markdown body (≤ 64 KB). */
export const VariantContent = z
  .strictObject({
    title: z.string().min(1).max(300),
    body: z.string().max(64 * 1024),
  })
  .meta({ id: 'VariantContent' });
export type VariantContent = z.infer<typeof VariantContent>;

export const CreateJobRequest = z
  .strictObject({
    preset_id: JobsId,
    input: JobInput.default({}).meta({ description: "Merged over the preset's parameters." }),
    variant_count: VariantCount.optional().meta({ description: "Default: the preset's." }),
  })
  .meta({ id: 'CreateJobRequest' });
export type CreateJobRequest = z.input<typeof CreateJobRequest>;

export const JobSchema = z
  .strictObject({
    id: JobsId,
    status: JobStatus,
    preset_id: JobsId.nullable(),
    schedule_id: JobsId.nullable(),
    variant_count: z.number().int(),
    input: z.record(z.string(), z.unknown()),
    error: z.string().nullable(),
    workflow_id: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    finished_at: Timestamp.nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof JobSchema>;

export const CreateJobResponse = z
  .strictObject({ id: JobsId, status: z.literal('queued'), workflow_id: z.string() })
  .meta({ id: 'CreateJobResponse' });

export const VariantSchema = z
  .strictObject({
    id: JobsId,
    job_id: JobsId,
    ordinal: z.number().int(),
    status: VariantStatus,
    content: VariantContent,
    version: z.number().int().positive(),
    etag: z.string().meta({ description: 'Send it back as If-Match to edit the variant.' }),
    accepted_at: Timestamp.nullable(),
    exported_at: Timestamp.nullable(),
    export_path: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Variant' });
export type Variant = z.infer<typeof VariantSchema>;

export const JobDetailResponse = z
  .strictObject({ job: JobSchema, variants: z.array(VariantSchema) })
  .meta({ id: 'JobDetailResponse' });
export type JobDetailResponse = z.infer<typeof JobDetailResponse>;

export const JobListQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^(?:[1-9][0-9]?|100)$/, 'must be an integer from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional()
    .meta({ description: 'Page size, 1–100 (default 20).' }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a `next_cursor` this API issued')
    .optional()
    .meta({ description: '`next_cursor` of the previous page.' }),
  status: JobStatus.optional(),
  preset: JobsId.optional().meta({ description: 'Only jobs of this preset id.' }),
});
export type JobListQuery = z.infer<typeof JobListQuery>;

export const JobListResponse = z
  .strictObject({
    items: z.array(JobSchema),
    next_cursor: z.string().nullable().meta({ description: 'Null on the last page.' }),
  })
  .meta({ id: 'JobListResponse' });
export type JobListResponse = z.infer<typeof JobListResponse>;

export const UpdateVariantRequest = z
  .strictObject({ content: VariantContent })
  .meta({ id: 'UpdateVariantRequest' });
export type UpdateVariantRequest = z.infer<typeof UpdateVariantRequest>;

export const AcceptVariantRequest = z
  .strictObject({ variant_id: JobsId })
  .meta({ id: 'AcceptVariantRequest' });
export type AcceptVariantRequest = z.infer<typeof AcceptVariantRequest>;

export const AcceptVariantResponse = z
  .strictObject({ job_id: JobsId, variant_id: JobsId, status: JobStatus })
  .meta({ id: 'AcceptVariantResponse' });
export type AcceptVariantResponse = z.infer<typeof AcceptVariantResponse>;

export const ExportResponse = z
  .strictObject({
    job_id: JobsId,
    variant_id: JobsId,
    format: ExportFormat,
    filename: z.string(),
    media_type: z.string(),
    content: z.string().meta({ description: 'The artifact, as the download would carry it.' }),
    export_path: z.string().nullable(),
    exported_at: Timestamp.nullable(),
  })
  .meta({ id: 'ExportResponse' });
export type ExportResponse = z.infer<typeof ExportResponse>;

/** The moves a job's status makes; the job workflow is the only writer. Final: done, failed, expired. */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['generating', 'failed'],
  generating: ['awaiting_review', 'failed'],
  awaiting_review: ['exporting', 'expired', 'failed'],
  exporting: ['done', 'failed'],
  done: [],
  failed: [],
  expired: [],
};

export function isFinalJobStatus(status: JobStatus): boolean {
  return JOB_TRANSITIONS[status].length === 0;
}

/**
 * How a job row keeps what it runs (`jobs.input`): the values plus a copy of its preset, so later
 * preset edits or deletion never change a job. Internal to the API and the worker.
 */
export const StoredJobInput = z.object({
  values: z.record(z.string(), z.unknown()),
  preset: z.object({ name: z.string().nullable(), template: z.string(), format: ExportFormat }),
});
export type StoredJobInput = z.infer<typeof StoredJobInput>;

/** How a preset row keeps its export format and default input (`presets.parameters`). */
export const StoredPresetParameters = z.object({
  format: ExportFormat.default('markdown'),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type StoredPresetParameters = z.infer<typeof StoredPresetParameters>;

/** A JSON document for a Prisma `Json` column (the column types take any plain object). */
export function jsonColumn(value: object): object {
  return value;
}
