import type { z } from 'zod';
import { ApiError } from './api-error.ts';

export interface KyrosClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /**
   * An access token (`POST /auth/login`) or an API key (`kyr_…`), sent as `Authorization:
   * Bearer`. The API takes the acting identity from it.
   */
  credential?: string;
  fetch?: typeof fetch;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  /** Default `application/json` when there is a body. */
  contentType?: string;
  /** `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Non-2xx statuses that are answers, not errors (`/readyz`'s 503). */
  alsoOk?: number[];
}

/**
 * The one request core of the Kyros client: URL, credential, JSON bodies, and every non-2xx
 * answer turned into an `ApiError` carrying the API's problem+json. Only `fetch`, so it runs in
 * Node and browsers.
 */
export function createRequestCore(options: KyrosClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const defaultHeaders: Record<string, string> = {
    accept: 'application/json',
    ...(options.credential ? { authorization: `Bearer ${options.credential}` } : {}),
    ...options.headers,
  };

  function url(path: string, query: RequestOptions['query'] = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) search.set(key, String(value));
    }
    const text = search.toString();
    return `${base}${path}${text ? `?${text}` : ''}`;
  }

  /** The raw answer; 2xx and 304 return, anything else throws an `ApiError`. */
  async function send(method: string, path: string, init: RequestOptions = {}) {
    const headers = { ...defaultHeaders };
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await fetchImpl(url(path, init.query), {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
    const ok = response.ok || response.status === 304 || init.alsoOk?.includes(response.status);
    if (!ok) throw await ApiError.from(response);
    return response;
  }

  /** The answer parsed with the contract's schema; `undefined` on 304 Not Modified. */
  async function jsonOrNotModified<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    init?: RequestOptions,
  ): Promise<z.infer<S> | undefined> {
    const response = await send(method, path, init);
    if (response.status === 304) return undefined;
    return schema.parse(await response.json());
  }

  return {
    send,
    jsonOrNotModified,
    /** The answer parsed with the contract's schema. */
    async json<S extends z.ZodType>(
      method: string,
      path: string,
      schema: S,
      init?: RequestOptions,
    ): Promise<z.infer<S>> {
      const body = await jsonOrNotModified(method, path, schema, init);
      if (body === undefined) throw new Error(`${method} ${path}: unexpected 304`);
      return body;
    },
    /** For answers without a body (204). */
    async empty(method: string, path: string, init?: RequestOptions): Promise<void> {
      await send(method, path, init);
    },
  };
}

export type RequestCore = ReturnType<typeof createRequestCore>;

/** A path segment, percent-encoded. */
export const segment = encodeURIComponent;
