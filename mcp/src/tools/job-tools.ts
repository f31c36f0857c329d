import { z } from 'zod';
import {
  AcceptVariantResponse,
  CreateJobResponse,
  ExportResponse,
  JobDetailResponse,
  JobsId,
  VariantContent,
  VariantSchema,
} from '@kyros/contracts/schemas/jobs';
import { KyrosProblemError } from '../kyros-port.ts';
import { READ_ONLY, defineTool, writes } from './tool-definition.ts';

export const startJob = defineTool({
  name: 'start_job',
  title: 'Start a job',
  description:
    'Start a job from a preset: its workflow generates variants, then waits for one to be accepted. Needs the operator role.',
  input: z.strictObject({
    preset_id: JobsId,
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Merged over the preset's parameters."),
    variant_count: z.number().int().min(1).max(10).optional().describe("Default: the preset's."),
  }),
  output: z.strictObject(CreateJobResponse.shape),
  annotations: writes({ destructive: false, idempotent: false }),
  run: (port, args) => port.startJob(args),
});

export const getJob = defineTool({
  name: 'get_job',
  title: 'Get a job',
  description: 'A job with its status and its variants (each with the etag edit_variant needs).',
  input: z.strictObject({ id: JobsId }),
  output: z.strictObject(JobDetailResponse.shape),
  annotations: READ_ONLY,
  run: (port, args) => port.getJob(args.id),
});

export const editVariant = defineTool({
  name: 'edit_variant',
  title: 'Edit a variant',
  description:
    "Replace a draft variant's content. Without if_match the current etag is read first; if the variant changed in between you get a conflict carrying its current version.",
  input: z.strictObject({
    id: JobsId,
    content: VariantContent,
    if_match: z.string().optional().describe("The variant's etag; default: the current one."),
  }),
  output: z.strictObject({ variant: VariantSchema }),
  annotations: writes({ destructive: true, idempotent: true }),
  async run(port, args) {
    const ifMatch = args.if_match ?? (await port.getVariant(args.id)).etag;
    try {
      return { variant: await port.editVariant(args.id, { content: args.content }, { ifMatch }) };
    } catch (error) {
      if (!(error instanceof KyrosProblemError) || error.problem.status !== 412) throw error;
      throw new KyrosProblemError({ ...error.problem, code: 'edit_conflict' });
    }
  },
});

export const acceptVariant = defineTool({
  name: 'accept_variant',
  title: 'Accept a variant',
  description: "Accept one of a job's variants; the job's workflow then exports it.",
  input: z.strictObject({ job_id: JobsId, variant_id: JobsId }),
  output: z.strictObject(AcceptVariantResponse.shape),
  annotations: writes({ destructive: false, idempotent: true }),
  run: (port, args) => port.acceptVariant(args.job_id, args.variant_id),
});

export const exportVariant = defineTool({
  name: 'export_variant',
  title: 'Export a variant',
  description: 'The exported file of an accepted variant (Markdown or JSON, as its preset says).',
  input: z.strictObject({ variant_id: JobsId }),
  output: z.strictObject(ExportResponse.shape),
  annotations: writes({ destructive: false, idempotent: true }),
  run: (port, args) => port.exportVariant(args.variant_id),
});

export const JOB_TOOLS = [startJob, getJob, editVariant, acceptVariant, exportVariant];
