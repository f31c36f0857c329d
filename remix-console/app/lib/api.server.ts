import { ApiError, createKyrosClient } from '@kyros/contracts/client';
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
  const { health } = createKyrosClient({ baseUrl: apiUrl });
  let answer: Awaited<ReturnType<typeof health.readiness>>;
  try {
    answer = await health.readiness(signal ? AbortSignal.any([signal, timeout]) : timeout);
  } catch (error) {
    if (error instanceof ApiError) {
      return { state: 'unexpected', url, checkedAt, reason: `answered HTTP ${error.status}` };
    }
    return { state: 'unreachable', url, checkedAt, reason: describeFetchError(error, timeoutMs) };
  }
  const { httpStatus, report } = answer;
  if (!report) {
    return {
      state: 'unexpected',
      url,
      checkedAt,
      reason: `answered HTTP ${httpStatus} with a body that is not a readiness report`,
    };
  }
  return { state: report.status, url, checkedAt, checks: report.checks };
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

/** The signed-in user's view of the API: the one Kyros client's sections. */
export function createConsoleApi(apiUrl: string, accessToken: string) {
  const client = createKyrosClient({ baseUrl: apiUrl, credential: accessToken });
  const { collab } = client;
  return {
    ...collab,
    ...client.taskRuns,
    /** Presets, jobs, variants, export and schedules (docs/JOBS.md). */
    jobs: client.jobs,
    /** Users and API keys (admin only; docs/AUTH.md). */
    admin: client.admin,
    /** The allowlisted executors and flows: enabled and options (docs/TOOLS.md). */
    tools: client.tools,
    /** The channel hub: status, switches, commands, WebSocket tickets (docs/CHANNELS.md). */
    channels: client.channels,
    /** Inbound webhooks and outbound subscriptions with their logs (admin; docs/CHANNELS.md). */
    webhooks: client.webhooks,
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
    if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
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
    if (error instanceof ApiError && error.status === 401) {
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
  if (error instanceof ApiError && error.status !== 401) {
    return {
      ok: false,
      status: error.status,
      title: error.problem.title,
      detail: error.problem.detail ?? error.problem.code,
    };
  }
  throw error;
}
