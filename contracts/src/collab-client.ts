import type { z } from 'zod';
import {
  AgentListResponse,
  AgentResponse,
  PatchAgentResponse,
  type AgentHeartbeatRequest,
  type AgentMergePatch,
} from './collab-agents.ts';
import {
  LeaseGrantResponse,
  ReclaimLeasesResponse,
  ReleaseLeaseResponse,
  type AcquireLeaseRequest,
  type HeartbeatLeaseRequest,
  type ReclaimLeasesRequest,
  type ReleaseLeaseRequest,
} from './collab-leases.ts';
import { stateResponseSchema, type StateKind, type StateResponseOf } from './collab-state.ts';
import {
  CreateTaskResponse,
  PatchTaskResponse,
  TaskResponse,
  TransitionTaskResponse,
  type CreateTaskRequest,
  type TaskMergePatch,
  type TransitionTaskRequest,
} from './collab-tasks.ts';
import { CollabApiError } from './collab-api-error.ts';
import { createCollabEventsClient } from './collab-events-client.ts';

export { CollabApiError };

/**
 * The typed client of the collaboration contract, for every process that is not the API (worker
 * activities, MCP, channels, the console). It uses only `fetch`, so it runs in Node and browsers,
 * and parses every answer with the same zod schemas the API validates with.
 */
export interface CollabClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /**
   * An access token (POST /auth/login) or API key (`kyr_…`), sent as `Authorization: Bearer`.
   * The API records the principal it names as the actor of every change.
   */
  token?: string;
}

interface WriteOptions {
  ifMatch?: string;
  fencingToken?: number;
}

export function createCollabClient(clientOptions: CollabClientOptions) {
  const { token, ...rest } = clientOptions;
  const options = {
    ...rest,
    headers: { ...rest.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  };
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const segment = encodeURIComponent;

  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    init: {
      body?: unknown;
      headers?: Record<string, string | undefined>;
      contentType?: string;
    } = {},
  ): Promise<{ body: z.infer<S> | undefined; response: Response }> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (response.status === 304) return { body: undefined, response };
    if (!response.ok) throw await CollabApiError.from(response);
    return { body: schema.parse(await response.json()), response };
  }

  async function expect<S extends z.ZodType>(
    ...args: Parameters<typeof call<S>>
  ): Promise<z.infer<S>> {
    const { body, response } = await call(...args);
    if (body === undefined) throw new Error(`${args[0]} ${args[1]}: unexpected ${response.status}`);
    return body;
  }

  const writeHeaders = (write: WriteOptions = {}) => ({
    'if-match': write.ifMatch,
    'x-fencing-token': write.fencingToken === undefined ? undefined : String(write.fencingToken),
  });

  return {
    // Events, long-poll, SSE tail and the human log: one client for the whole contract.
    ...createCollabEventsClient(options),
    getState<K extends StateKind>(kind: K): Promise<StateResponseOf<K>> {
      return expect('GET', `/collab/state/${segment(kind)}`, stateResponseSchema(kind));
    },
    /** `null` when the state still has `etag` (304 Not Modified). */
    async getStateIfChanged<K extends StateKind>(
      kind: K,
      etag: string,
    ): Promise<StateResponseOf<K> | null> {
      const { body } = await call(
        'GET',
        `/collab/state/${segment(kind)}`,
        stateResponseSchema(kind),
        {
          headers: { 'if-none-match': etag },
        },
      );
      return body ?? null;
    },
    createTask(request: CreateTaskRequest, write: { ifNoneMatch?: '*' } = {}) {
      return expect('POST', '/collab/tasks', CreateTaskResponse, {
        body: request,
        headers: { 'if-none-match': write.ifNoneMatch },
      });
    },
    getTask(id: string) {
      return expect('GET', `/collab/tasks/${segment(id)}`, TaskResponse);
    },
    patchTask(id: string, patch: TaskMergePatch, write: WriteOptions & { ifMatch: string }) {
      return expect('PATCH', `/collab/tasks/${segment(id)}`, PatchTaskResponse, {
        body: patch,
        contentType: 'application/merge-patch+json',
        headers: writeHeaders(write),
      });
    },
    transitionTask(id: string, request: TransitionTaskRequest, write: WriteOptions = {}) {
      return expect('POST', `/collab/tasks/${segment(id)}/transition`, TransitionTaskResponse, {
        body: request,
        headers: writeHeaders(write),
      });
    },
    acquireLease(request: AcquireLeaseRequest) {
      return expect('POST', '/collab/leases/acquire', LeaseGrantResponse, { body: request });
    },
    heartbeatLease(lockId: string, request: HeartbeatLeaseRequest) {
      return expect('POST', `/collab/leases/${segment(lockId)}/heartbeat`, LeaseGrantResponse, {
        body: request,
      });
    },
    releaseLease(lockId: string, request: ReleaseLeaseRequest) {
      return expect('POST', `/collab/leases/${segment(lockId)}/release`, ReleaseLeaseResponse, {
        body: request,
      });
    },
    reclaimLeases(request: ReclaimLeasesRequest = {}) {
      return expect('POST', '/collab/leases/reclaim', ReclaimLeasesResponse, { body: request });
    },
    listAgents() {
      return expect('GET', '/collab/agents', AgentListResponse);
    },
    getAgent(id: string) {
      return expect('GET', `/collab/agents/${segment(id)}`, AgentResponse);
    },
    patchAgent(id: string, patch: AgentMergePatch, write: { ifMatch: string }) {
      return expect('PATCH', `/collab/agents/${segment(id)}`, PatchAgentResponse, {
        body: patch,
        contentType: 'application/merge-patch+json',
        headers: writeHeaders(write),
      });
    },
    heartbeatAgent(id: string, request: AgentHeartbeatRequest = {}) {
      return expect('POST', `/collab/agents/${segment(id)}/heartbeat`, AgentResponse, {
        body: request,
      });
    },
  };
}

export type CollabClient = ReturnType<typeof createCollabClient>;

export interface RetryOn412Options {
  /** Total attempts including the first (default 10). */
  maxAttempts?: number;
  /** First backoff ceiling in ms, doubled per attempt (default 10). */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms (default 1000). */
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Opt-in optimistic-concurrency loop: `attempt` must re-read and re-apply its change each time
 * (the 412 of the previous try is passed in; it already carries the current ETag and document).
 * Between tries it sleeps with full jitter — a random delay up to an exponentially growing
 * ceiling — so that competing writers spread out instead of colliding again. Other errors and
 * the last 412 are rethrown.
 */
export async function withRetryOn412<T>(
  attempt: (context: { attempt: number; lastError?: CollabApiError }) => Promise<T>,
  options: RetryOn412Options = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.baseDelayMs ?? 10;
  const cap = options.maxDelayMs ?? 1000;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastError: CollabApiError | undefined;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt({ attempt: n, lastError });
    } catch (error) {
      if (!(error instanceof CollabApiError) || error.status !== 412 || n >= maxAttempts)
        throw error;
      lastError = error;
    }
    await sleep(random() * Math.min(cap, base * 2 ** (n - 1)));
  }
}
