// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@kyros/contracts/config';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadContext } from '../lib/config.server.ts';
import { sessionStorage } from '../lib/session.server.ts';
import { loader } from './live.events.ts';

const secret = 'relay-test-secret-relay-test-secret-0001';
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A stand-in for the API's event tail: records what it was asked, sends one event and ends. */
async function startTail() {
  const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('retry: 3000\n\nid: 42\ndata: {"id":42}\n\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function signedInRequest(url: string, headers: Record<string, string> = {}) {
  const storage = sessionStorage(secret, false);
  const session = await storage.getSession();
  session.set('accessToken', 'access-token-1');
  session.set('refreshToken', 'refresh-token-1');
  session.set('expiresAt', Date.now() + 600_000);
  session.set('user', {
    id: '0b9f8a52-6a3f-4c65-9a53-0e7a4c1f2d11',
    email: 'ada@example.com',
    display_name: 'Ada',
    role: 'viewer',
    disabled: false,
    last_login_at: null,
    created_at: '2026-11-25T09:00:00.000Z',
  });
  const cookie = (await storage.commitSession(session)).split(';')[0] ?? '';
  return new Request(url, { headers: { cookie, ...headers } });
}

function call(request: Request, apiUrl: string) {
  return loader({
    request,
    context: createLoadContext(loadConfig({ API_URL: apiUrl }), secret),
    params: {},
  });
}

describe('GET /live/events', () => {
  it("relays the API's stream with the session's token, which never reaches the browser", async () => {
    const api = await startTail();

    const response = await call(await signedInRequest('http://console/live/events'), api.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('retry: 3000\n\nid: 42\ndata: {"id":42}\n\n');
    expect(api.requests[0]?.url).toBe('/collab/events/tail');
    expect(api.requests[0]?.headers.authorization).toBe('Bearer access-token-1');
  });

  it('resumes where the browser left off, from the Last-Event-ID header or the query', async () => {
    const api = await startTail();

    await (
      await call(
        await signedInRequest('http://console/live/events', { 'last-event-id': '17' }),
        api.url,
      )
    ).text();
    await (
      await call(
        await signedInRequest('http://console/live/events?lastEventId=23&type=task_claimed'),
        api.url,
      )
    ).text();

    expect(api.requests.map((request) => request.headers['last-event-id'])).toEqual(['17', '23']);
    expect(api.requests[1]?.url).toBe('/collab/events/tail?type=task_claimed');
  });

  it('answers 401 without a session instead of redirecting the EventSource to a login page', async () => {
    const api = await startTail();

    const response = await call(new Request('http://console/live/events'), api.url);

    expect(response.status).toBe(401);
    expect(api.requests).toEqual([]);
  });
});
