import { z } from 'zod';
import { CollabApiError } from './collab-api-error.ts';
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
} from './jobs.ts';
import {
  ScheduleListResponse,
  ScheduleSchema,
  type CreateScheduleRequest,
  type PatchScheduleRequest,
} from './jobs-schedules.ts';

/** A non-2xx answer from the API, carrying its RFC 9457 problem (the collab client's error type). */
export { CollabApiError as JobsApiError };

export interface JobsClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** An access token or API key, sent as `Authorization: Bearer …`. */
  token?: string;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

export interface ExportDownload {
  filename: string;
  mediaType: string;
  text: string;
}

/**
 * The typed client of the jobs contract (presets, jobs, variants, export, schedules), for the
 * console, channels and tests. Only `fetch`; every answer is parsed with the API's own schemas.
 */
export function createJobsClient(options: JobsClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const segment = encodeURIComponent;

  async function send(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string | undefined> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    };
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw await CollabApiError.from(response);
    return response;
  }

  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    init?: Parameters<typeof send>[2],
  ): Promise<z.infer<S>> {
    return schema.parse(await (await send(method, path, init)).json());
  }

  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    listPresets: () => call('GET', '/presets', PresetListResponse),
    getPreset: (id: string) => call('GET', `/presets/${segment(id)}`, PresetSchema),
    createPreset: (request: CreatePresetRequest) =>
      call('POST', '/presets', PresetSchema, { body: request }),
    updatePreset: (id: string, request: UpdatePresetRequest) =>
      call('PATCH', `/presets/${segment(id)}`, PresetSchema, { body: request }),
    async deletePreset(id: string): Promise<void> {
      await send('DELETE', `/presets/${segment(id)}`);
    },

    createJob: (request: CreateJobRequest) =>
      call('POST', '/jobs', CreateJobResponse, { body: request }),
    listJobs: (
      filter: { limit?: number; cursor?: string; status?: JobStatus; preset?: string } = {},
    ) => call('GET', `/jobs${query(filter)}`, JobListResponse),
    getJob: (id: string) => call('GET', `/jobs/${segment(id)}`, JobDetailResponse),
    getVariant: (id: string) => call('GET', `/variants/${segment(id)}`, VariantSchema),
    updateVariant: (id: string, request: UpdateVariantRequest, write: { ifMatch: string }) =>
      call('PUT', `/variants/${segment(id)}`, VariantSchema, {
        body: request,
        headers: { 'if-match': write.ifMatch },
      }),
    acceptVariant: (jobId: string, variantId: string) =>
      call('POST', `/jobs/${segment(jobId)}/accept`, AcceptVariantResponse, {
        body: { variant_id: variantId },
      }),
    /** The export as JSON (`Accept: application/json`). */
    exportVariant: (variantId: string) =>
      call('POST', `/export/${segment(variantId)}`, ExportResponse),
    /** The export as the file download (Markdown or JSON by the preset's format). */
    async downloadExport(variantId: string): Promise<ExportDownload> {
      const response = await send('POST', `/export/${segment(variantId)}`, {
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
      call('POST', '/schedule', ScheduleSchema, { body: request }),
    listSchedules: () => call('GET', '/schedule', ScheduleListResponse),
    getSchedule: (id: string) => call('GET', `/schedule/${segment(id)}`, ScheduleSchema),
    patchSchedule: (id: string, request: PatchScheduleRequest) =>
      call('PATCH', `/schedule/${segment(id)}`, ScheduleSchema, { body: request }),
    async deleteSchedule(id: string): Promise<void> {
      await send('DELETE', `/schedule/${segment(id)}`);
    },
  };
}

export type JobsClient = ReturnType<typeof createJobsClient>;
