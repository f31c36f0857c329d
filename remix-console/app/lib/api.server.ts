import {
  ApiKeyCreatedResponse,
  ApiKeyListResponse,
  UserListResponse,
  UserSchema,
  type CreateApiKeyRequest,
  type CreateUserRequest,
  type PatchUserRequest,
} from '@kyros/contracts/auth';
import { CollabApiError, createCollabClient } from '@kyros/contracts/collab-client';
import {
  TaskCancelResponse,
  TaskRunResponse,
  type TaskCancelResponse as TaskCancel,
  type TaskRunResponse as TaskRun,
} from '@kyros/contracts/collab-tasks';
import { ReadinessResponse } from '@kyros/contracts/health';
import { createJobsClient } from '@kyros/contracts/jobs-client';
import { data, type AppLoadContext } from '@remix-run/node';
import { refresh, type AuthUser } from './auth-api.server.ts';
import { urlOn } from './config.server.ts';
import type { ApiReadiness } from './readiness.ts';
import { loginRedirect, sessionFromGrant, sessionStorage } from './session.server.ts';

export interface FetchReadinessOptions {
  apiUrl: string;
  timeoutMs: number;
  /** The page request's signal: a browser that goes away cancels the call to the API. */
  signal?: AbortSignal;
}

/** Asks the API for its deep readiness. Every failure becomes a value the page can show. */
export async function fetchReadiness({
  apiUrl,
  timeoutMs,
  signal,
}: FetchReadinessOptions): Promise<ApiReadiness> {
  const url = urlOn(apiUrl, '/readyz');
  const checkedAt = new Date().toISOString();
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    return { state: 'unreachable', url, checkedAt, reason: describeFetchError(error, timeoutMs) };
  }
  // 503 is how /readyz says "not ready"; its body still carries the per-check report.
  if (response.status !== 200 && response.status !== 503) {
    return { state: 'unexpected', url, checkedAt, reason: `answered HTTP ${response.status}` };
  }
  const parsed = ReadinessResponse.safeParse(parseJson(await response.text()));
  if (!parsed.success) {
    return {
      state: 'unexpected',
      url,
      checkedAt,
      reason: `answered HTTP ${response.status} with a body that is not a readiness report`,
    };
  }
  return { state: parsed.data.status, url, checkedAt, checks: parsed.data.checks };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  // undici reports "fetch failed" and keeps the socket error (ECONNREFUSED, ENOTFOUND…) as the cause.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The collaboration client plus the routes it does not cover yet (run/cancel a task's workflow). */
export function createConsoleApi(apiUrl: string, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}` };
  const collab = createCollabClient({ baseUrl: apiUrl, headers });
  async function post<T>(path: string, parse: (body: unknown) => T): Promise<T> {
    const response = await fetch(urlOn(apiUrl, path), {
      method: 'POST',
      headers: { ...headers, accept: 'application/json' },
    });
    if (!response.ok) throw await CollabApiError.from(response);
    return parse(await response.json());
  }
  return {
    ...collab,
    /** Presets, jobs, variants, export and schedules (docs/JOBS.md). */
    jobs: createJobsClient({ baseUrl: apiUrl, token: accessToken }),
    /** Users and API keys (admin only; docs/AUTH.md). */
    admin: createAdminClient(apiUrl, accessToken),
    runTask(id: string): Promise<TaskRun> {
      return post(`/collab/tasks/${encodeURIComponent(id)}/run`, (b) => TaskRunResponse.parse(b));
    },
    cancelTask(id: string): Promise<TaskCancel> {
      return post(`/collab/tasks/${encodeURIComponent(id)}/cancel`, (b) =>
        TaskCancelResponse.parse(b),
      );
    },
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

export interface ApiSession {
  api: ConsoleApi;
  /** For the SSE relay, which streams the API's answer through instead of parsing it. */
  accessToken: string;
  user: AuthUser;
  /** Carries the rotated session cookie when the tokens were refreshed; return it with the data. */
  headers: Headers;
}

// Refresh a little before expiry so a token cannot lapse between this check and the API call.
const REFRESH_MARGIN_MS = 60_000;

/** The signed-in user's API access, refreshing the tokens when near expiry; else to /login. */
export async function requireApiSession(
  request: Request,
  context: AppLoadContext,
): Promise<ApiSession> {
  const storage = sessionStorage(context.sessionSecret, new URL(request.url).protocol === 'https:');
  const session = await storage.getSession(request.headers.get('cookie'));
  const accessToken = session.get('accessToken');
  const refreshToken = session.get('refreshToken');
  const user = session.get('user');
  if (!accessToken || !refreshToken || !user) throw loginRedirect(request);
  const headers = new Headers();
  if ((session.get('expiresAt') ?? 0) - Date.now() > REFRESH_MARGIN_MS) {
    return {
      api: createConsoleApi(context.config.api.url, accessToken),
      accessToken,
      user,
      headers,
    };
  }
  try {
    const next = sessionFromGrant(await refresh(context.config.api.url, refreshToken));
    for (const [key, value] of Object.entries(next)) {
      session.set(key as keyof typeof next, value as never);
    }
    headers.append('set-cookie', await storage.commitSession(session));
    return {
      api: createConsoleApi(context.config.api.url, next.accessToken),
      accessToken: next.accessToken,
      user: next.user,
      headers,
    };
  } catch (error) {
    if (error instanceof CollabApiError && (error.status === 401 || error.status === 400)) {
      throw loginRedirect(request, { 'set-cookie': await storage.destroySession(session) });
    }
    throw error;
  }
}

/**
 * Runs a loader or action body with the session's API access and returns its result with the
 * session cookie; an API answer of 401 (token revoked, user disabled) signs the browser out.
 */
export async function withApi<T>(
  request: Request,
  context: AppLoadContext,
  body: (session: ApiSession) => Promise<T>,
) {
  const session = await requireApiSession(request, context);
  try {
    return data(await body(session), { headers: session.headers });
  } catch (error) {
    if (error instanceof CollabApiError && error.status === 401) {
      const storage = sessionStorage(
        context.sessionSecret,
        new URL(request.url).protocol === 'https:',
      );
      const stale = await storage.getSession(request.headers.get('cookie'));
      throw loginRedirect(request, { 'set-cookie': await storage.destroySession(stale) });
    }
    throw error;
  }
}

/** What an action returns when the API refused a change, for the page to show as a toast. */
export interface ActionFailure {
  ok: false;
  status: number;
  title: string;
  detail: string;
}

export function describeApiFailure(error: unknown): ActionFailure {
  if (error instanceof CollabApiError && error.status !== 401) {
    return {
      ok: false,
      status: error.status,
      title: error.problem.title,
      detail: error.problem.detail ?? error.problem.code,
    };
  }
  throw error;
}

/** The admin routes of docs/AUTH.md the contracts have schemas for but no client. */
function createAdminClient(apiUrl: string, accessToken: string) {
  async function call<T>(
    method: string,
    path: string,
    parse: (body: unknown) => T,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(urlOn(apiUrl, path), {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await CollabApiError.from(response);
    return parse(response.status === 204 ? undefined : await response.json());
  }
  return {
    listApiKeys: () => call('GET', '/auth/api-keys', (b) => ApiKeyListResponse.parse(b).api_keys),
    createApiKey: (request: CreateApiKeyRequest) =>
      call('POST', '/auth/api-keys', (b) => ApiKeyCreatedResponse.parse(b), request),
    revokeApiKey: (id: string) =>
      call('DELETE', `/auth/api-keys/${encodeURIComponent(id)}`, () => undefined),
    listUsers: () => call('GET', '/users', (b) => UserListResponse.parse(b).users),
    createUser: (request: CreateUserRequest) =>
      call('POST', '/users', (b) => UserSchema.parse(b), request),
    patchUser: (id: string, request: PatchUserRequest) =>
      call('PATCH', `/users/${encodeURIComponent(id)}`, (b) => UserSchema.parse(b), request),
  };
}
