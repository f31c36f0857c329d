import {
  AcceptVariantResponse,
  CreateJobResponse,
  ExportResponse,
  JobDetailResponse,
  JobListResponse,
  PresetListResponse,
  PresetSchema,
  VariantSchema,
  type CreateJobRequest,
  type CreatePresetRequest,
  type JobStatus,
  type UpdatePresetRequest,
  type UpdateVariantRequest,
} from '../schemas/jobs.ts';
import {
  ScheduleListResponse,
  ScheduleSchema,
  type CreateScheduleRequest,
  type PatchScheduleRequest,
} from '../schemas/jobs-schedules.ts';
import { segment, type RequestCore } from './request-core.ts';

export interface ExportDownload {
  filename: string;
  mediaType: string;
  text: string;
}

/** The jobs contract: presets, jobs, variants, export and schedules (docs/JOBS.md). */
export function createJobsSection(core: RequestCore) {
  return {
    listPresets: () => core.json('GET', '/presets', PresetListResponse),
    getPreset: (id: string) => core.json('GET', `/presets/${segment(id)}`, PresetSchema),
    createPreset: (request: CreatePresetRequest) =>
      core.json('POST', '/presets', PresetSchema, { body: request }),
    updatePreset: (id: string, request: UpdatePresetRequest) =>
      core.json('PATCH', `/presets/${segment(id)}`, PresetSchema, { body: request }),
    async deletePreset(id: string): Promise<void> {
      await core.empty('DELETE', `/presets/${segment(id)}`);
    },

    createJob: (request: CreateJobRequest) =>
      core.json('POST', '/jobs', CreateJobResponse, { body: request }),
    listJobs: (
      filter: { limit?: number; cursor?: string; status?: JobStatus; preset?: string } = {},
    ) => core.json('GET', '/jobs', JobListResponse, { query: filter }),
    getJob: (id: string) => core.json('GET', `/jobs/${segment(id)}`, JobDetailResponse),
    getVariant: (id: string) => core.json('GET', `/variants/${segment(id)}`, VariantSchema),
    updateVariant: (id: string, request: UpdateVariantRequest, write: { ifMatch: string }) =>
      core.json('PUT', `/variants/${segment(id)}`, VariantSchema, {
        body: request,
        headers: { 'if-match': write.ifMatch },
      }),
    acceptVariant: (jobId: string, variantId: string) =>
      core.json('POST', `/jobs/${segment(jobId)}/accept`, AcceptVariantResponse, {
        body: { variant_id: variantId },
      }),
    /** The export as JSON (`Accept: application/json`). */
    exportVariant: (variantId: string) =>
      core.json('POST', `/export/${segment(variantId)}`, ExportResponse),
    /** The export as the file download (Markdown or JSON by the preset's format). */
    async downloadExport(variantId: string): Promise<ExportDownload> {
      const response = await core.send('POST', `/export/${segment(variantId)}`, {
        headers: { accept: '*/*' },
      });
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
      return {
        filename,
        mediaType: response.headers.get('content-type') ?? 'application/octet-stream',
        text: await response.text(),
      };
    },

    createSchedule: (request: CreateScheduleRequest) =>
      core.json('POST', '/schedule', ScheduleSchema, { body: request }),
    listSchedules: () => core.json('GET', '/schedule', ScheduleListResponse),
    getSchedule: (id: string) => core.json('GET', `/schedule/${segment(id)}`, ScheduleSchema),
    patchSchedule: (id: string, request: PatchScheduleRequest) =>
      core.json('PATCH', `/schedule/${segment(id)}`, ScheduleSchema, { body: request }),
    async deleteSchedule(id: string): Promise<void> {
      await core.empty('DELETE', `/schedule/${segment(id)}`);
    },
  };
}

export type JobsSection = ReturnType<typeof createJobsSection>;
