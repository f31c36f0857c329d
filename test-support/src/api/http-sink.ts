import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the sink received. */
export interface SunkRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the sink answered. */
  status: number;
}

/**
 * A real local HTTP server standing in for a third party's endpoint (Slack's `response_url`, a
 * webhook subscriber): it records every request and answers 200, except that a path may be told
 * to fail its first N requests with 500, to exercise the caller's retries.
 */
export interface HttpSink {
  url: string;
  requests: SunkRequest[];
  /** The next `times` requests to `path` get `status` (500 by default). */
  failNext(path: string, times: number, status?: number): void;
  /** Resolves once `count` requests to `path` have arrived (bounded so a broken run fails). */
  received(path: string, count?: number, boundMs?: number): Promise<SunkRequest[]>;
  close(): Promise<void>;
}

export async function startHttpSink(): Promise<HttpSink> {
  const requests: SunkRequest[] = [];
  const failures = new Map<string, { times: number; status: number }>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const failing = failures.get(path);
      const status = failing && failing.times > 0 ? failing.status : 200;
      if (failing) failing.times -= 1;
      requests.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const to = (path: string) => requests.filter((request) => request.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(path, times, status = 500) {
      failures.set(path, { times, status });
    },
    received(path, count = 1, boundMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (to(path).length < count) return;
          cleanup();
          resolve(to(path));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${path}: ${to(path).length} of ${count} requests after ${boundMs} ms`));
        }, boundMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
