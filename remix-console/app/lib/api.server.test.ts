// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchReadiness } from './api.server.ts';

const servers: Server[] = [];

async function startApi(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answer(status: number, body: unknown) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

async function urlWhereNothingListens(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('fetchReadiness', () => {
  it('reads the per-check report that /readyz sends with 503', async () => {
    const checks = [
      { name: 'database', ok: true, durationMs: 4 },
      { name: 'temporal', ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:7233', durationMs: 9 },
    ];
    const apiUrl = await startApi(
      answer(503, { status: 'not_ready', checks, failing: ['temporal'] }),
    );

    const readiness = await fetchReadiness({ apiUrl, timeoutMs: 5000 });

    expect(readiness).toMatchObject({ state: 'not_ready', url: `${apiUrl}/readyz`, checks });
  });

  it('reports ready when /readyz answers 200', async () => {
    const checks = [{ name: 'collaboration_dir', ok: true, durationMs: 1 }];
    const apiUrl = await startApi(answer(200, { status: 'ready', checks, failing: [] }));

    expect(await fetchReadiness({ apiUrl, timeoutMs: 5000 })).toMatchObject({
      state: 'ready',
      checks,
    });
  });

  it('reports degraded when /readyz answers 200 with a failing non-gating check', async () => {
    const checks = [
      { name: 'database', ok: true, durationMs: 4 },
      { name: 'task_queue', ok: false, gating: false, detail: 'timed out', durationMs: 0 },
    ];
    const apiUrl = await startApi(
      answer(200, { status: 'degraded', checks, failing: [], degraded: ['task_queue'] }),
    );

    expect(await fetchReadiness({ apiUrl, timeoutMs: 5000 })).toMatchObject({
      state: 'degraded',
      checks,
    });
  });

  it('keeps a path prefix of the API URL', async () => {
    const seen: string[] = [];
    const apiUrl = await startApi((req, res) => {
      seen.push(req.url ?? '');
      answer(200, { status: 'ready', checks: [], failing: [] })(req, res);
    });

    await fetchReadiness({ apiUrl: `${apiUrl}/kyros/`, timeoutMs: 5000 });

    expect(seen).toEqual(['/kyros/readyz']);
  });

  it('says the API is unreachable when nothing listens, naming the socket error', async () => {
    const apiUrl = await urlWhereNothingListens();

    const readiness = await fetchReadiness({ apiUrl, timeoutMs: 5000 });

    expect(readiness.state).toBe('unreachable');
    expect(readiness).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') as unknown });
  });

  it('gives up after the timeout when the API does not answer', async () => {
    const apiUrl = await startApi(() => {
      // Never answers: the console must not hang with it.
    });

    const readiness = await fetchReadiness({ apiUrl, timeoutMs: 200 });

    expect(readiness).toMatchObject({ state: 'unreachable', reason: 'no answer within 200 ms' });
  });

  it('flags an answer that is not a readiness report', async () => {
    const notFound = await startApi(answer(404, { title: 'Not Found' }));
    const garbage = await startApi(answer(200, '<html>proxy error</html>'));

    expect(await fetchReadiness({ apiUrl: notFound, timeoutMs: 5000 })).toMatchObject({
      state: 'unexpected',
      reason: 'answered HTTP 404',
    });
    expect(await fetchReadiness({ apiUrl: garbage, timeoutMs: 5000 })).toMatchObject({
      state: 'unexpected',
      reason: 'answered HTTP 200 with a body that is not a readiness report',
    });
  });
});
