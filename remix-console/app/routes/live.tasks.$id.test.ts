// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TaskResponse, type Task } from '@kyros/contracts/schemas/collab-tasks';
import { loadConfig } from '@kyros/contracts/config';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadContext } from '../lib/config.server.ts';
import { sessionStorage } from '../lib/session.server.ts';
import { loader } from './live.tasks.$id.ts';

const secret = 'live-task-test-secret-live-task-test-0001';
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const task: Task = {
  id: 'T-7',
  title: 'Renamed',
  description: '',
  status: 'review',
  priority: 'high',
  dependencies: [],
  dod: [],
  labels: [],
  assignee: 'agent:ada',
  metadata: {},
  version: 4,
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
};

/** A stand-in for the API's `GET /collab/tasks/{id}`, recording the token it was sent. */
async function startApi() {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/collab/tasks/T-7') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ task, etag: '"t7-v4"' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' }),
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function signedInRequest(url: string) {
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
  return new Request(url, { headers: { cookie } });
}

function call(request: Request, apiUrl: string, id: string) {
  return loader({
    request,
    context: createLoadContext(loadConfig({ API_URL: apiUrl }), secret),
    params: { id },
  });
}

describe('GET /live/tasks/<id>', () => {
  it('answers the one task as JSON, asking the API with the session’s token', async () => {
    const api = await startApi();
    const response = await call(
      await signedInRequest('http://console.test/live/tasks/T-7'),
      api.url,
      'T-7',
    );
    expect(response.status).toBe(200);
    expect(TaskResponse.parse(await response.json()).task).toEqual(task);
    expect(api.seen).toEqual([
      { url: '/collab/tasks/T-7', authorization: 'Bearer access-token-1' },
    ]);
  });

  it('passes the API’s refusal through with its status', async () => {
    const api = await startApi();
    const response = await call(
      await signedInRequest('http://console.test/live/tasks/T-404'),
      api.url,
      'T-404',
    );
    expect(response.status).toBe(404);
  });

  it('answers 401 instead of a login redirect when there is no session', async () => {
    const api = await startApi();
    const response = await call(new Request('http://console.test/live/tasks/T-7'), api.url, 'T-7');
    expect(response.status).toBe(401);
    expect(api.seen).toEqual([]);
  });
});
