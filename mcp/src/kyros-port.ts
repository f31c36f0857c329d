import type {
  ClaimTaskRequest,
  ClaimTaskResponse,
  ConflictsResponse,
  NextTaskResponse,
} from '@kyros/contracts/schemas/collab-dispatch';
import type {
  AppendEventRequest,
  CollabEvent,
  EventFilter,
  EventsPage,
} from '@kyros/contracts/schemas/collab-events';
import type { LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import type {
  CreateTaskRequest,
  Task,
  TaskMergePatch,
  TaskStatus,
  TasksDocument,
} from '@kyros/contracts/schemas/collab-tasks';
import type { Problem } from '@kyros/contracts/schemas/problem';
import type { TaskCancelResponse, TaskRunResponse } from '@kyros/contracts/schemas/task-run';
import type {
  AcceptVariantResponse,
  CreateJobRequest,
  CreateJobResponse,
  ExportResponse,
  JobDetailResponse,
  UpdateVariantRequest,
  Variant,
} from '@kyros/contracts/schemas/jobs';
import type { z } from 'zod';
import type {
  LeaseGrantResponse,
  ReleaseLeaseResponse,
} from '@kyros/contracts/schemas/collab-leases';

/**
 * What the MCP tools, resources and notices need from Kyros, and nothing more: one method per
 * operation they call. Two adapters implement it — the API's operations in-process (Streamable
 * HTTP at `/mcp`, api/src/mcp/) and the typed HTTP client (stdio, `client-port.ts`) — so the
 * tool set is defined once and behaves the same over both transports (docs/adr/0012).
 *
 * Every method acts as the session's credential (docs/adr/0008). A refusal is thrown as a
 * {@link KyrosProblemError} carrying the API's problem+json.
 */
export interface KyrosPort {
  /** The identity this session's writes are made as: an agent id, `user:<email>`, `api_key:<name>`. */
  actingIdentity: () => Promise<string>;

  readTasks: () => Promise<{ data: TasksDocument; etag: string }>;
  getTask: (id: string) => Promise<{ task: Task; etag: string }>;
  createTask: (request: CreateTaskRequest) => Promise<{ id: string; etag: string }>;
  patchTask: (
    id: string,
    patch: TaskMergePatch,
    write: { ifMatch: string; fencingToken?: number | undefined },
  ) => Promise<{ ok: true; etag: string; task: Task }>;
  transitionTask: (
    id: string,
    request: { to: TaskStatus; reason?: string | undefined },
    write: { fencingToken?: number | undefined },
  ) => Promise<{ old_status: TaskStatus; new_status: TaskStatus; etag: string }>;
  nextTask: (filter: { labels?: string[] | undefined }) => Promise<NextTaskResponse>;
  claimTask: (id: string, request: ClaimTaskRequest) => Promise<ClaimTaskResponse>;

  readLeases: () => Promise<{ data: LocksDocument; etag: string }>;
  checkConflicts: (resources: string[]) => Promise<ConflictsResponse>;
  heartbeatLease: (
    lockId: string,
    request: { ttl_seconds?: number | undefined },
  ) => Promise<z.infer<typeof LeaseGrantResponse>>;
  releaseLease: (
    lockId: string,
    request: { details?: Record<string, unknown> | undefined },
  ) => Promise<z.infer<typeof ReleaseLeaseResponse>>;

  appendEvent: (request: AppendEventRequest) => Promise<{ ok: true; id: number }>;
  /** Events after `after`, waiting up to `wait` seconds for the first match (long-poll). */
  readEvents: (
    options: EventFilter & { after?: number | undefined; wait?: number; limit?: number },
  ) => Promise<EventsPage>;
  latestEvents: (options: EventFilter & { limit?: number }) => Promise<EventsPage>;
  /**
   * Calls `onEvent` for every new event matching `filter` until the returned function is called
   * (the in-process log's subscription, or the SSE tail over HTTP).
   */
  followEvents: (filter: EventFilter, onEvent: (event: CollabEvent) => void) => () => void;

  runTask: (id: string) => Promise<TaskRunResponse>;
  cancelTask: (id: string) => Promise<TaskCancelResponse>;

  startJob: (request: CreateJobRequest) => Promise<z.infer<typeof CreateJobResponse>>;
  getJob: (id: string) => Promise<JobDetailResponse>;
  getVariant: (id: string) => Promise<Variant>;
  editVariant: (
    id: string,
    request: UpdateVariantRequest,
    write: { ifMatch: string },
  ) => Promise<Variant>;
  acceptVariant: (jobId: string, variantId: string) => Promise<AcceptVariantResponse>;
  exportVariant: (variantId: string) => Promise<ExportResponse>;
}

/** A refusal from Kyros, with the problem+json the REST API would have answered. */
export class KyrosProblemError extends Error {
  override name = 'KyrosProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}
