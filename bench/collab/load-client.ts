import { Agent, request } from 'node:http';
import { BENCH_AUTH_HEADERS } from './bench-auth.ts';

export interface LoadResponse {
  status: number;
  etag: string | undefined;
  body: string;
}

/** A non-2xx answer, with the problem text the API sent. */
export class LoadRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`${status}: ${body.slice(0, 300)}`);
  }
}

/**
 * The benchmark's HTTP client: `node:http` over keep-alive connections and nothing else. The
 * typed clients of the contracts package use `fetch`, which costs about twice the CPU per request
 * here; on two cores that CPU is taken from the server being measured, so the load generator
 * stays lean. The integration tests cover the typed clients against the same routes.
 */
export class LoadClient {
  readonly #agent = new Agent({ keepAlive: true });

  constructor(readonly baseUrl: string) {}

  send(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<LoadResponse> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = {
      accept: 'application/json',
      ...BENCH_AUTH_HEADERS,
      ...options.headers,
    };
    if (body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        { method, headers, agent: this.#agent },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new LoadRequestError(status, text));
            else resolve({ status, etag: res.headers.etag, body: text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
