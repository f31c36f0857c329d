// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@kyros/contracts/config';
import { afterEach, describe, expect, it } from 'vitest';
import { requireApiSession } from './api.server.ts';
import { createLoadContext } from './config.server.ts';
import { safeRedirectPath, sessionStorage, type SessionData } from './session.server.ts';

const secret = 'test-secret-test-secret-test-secret-0123';
const user = {
  id: '0b9f8a52-6a3f-4c65-9a53-0e7a4c1f2d11',
  email: 'ada@example.com',
  display_name: 'Ada',
  role: 'operator' as const,
  disabled: false,
  last_login_at: null,
  created_at: '2026-11-25T09:00:00.000Z',
};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A stand-in for the API's /auth/refresh that records every refresh token it is sent. */
async function startAuthApi(answer: 'rotate' | 'refuse') {
  const received: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
      if (answer === 'refuse') {
        res.writeHead(401, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Unauthorized',
            status: 401,
            code: 'unauthorized',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: `access-${received.length}`,
          token_type: 'Bearer',
          expires_in: 900,
          refresh_token: `refresh-${received.length}`,
          user,
        }),
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function requestWithSession(
  data: SessionData | undefined,
  path = '/tasks',
): Promise<Request> {
  const headers = new Headers();
  if (data) {
    const storage = sessionStorage(secret, false);
    const session = await storage.getSession();
    for (const [key, value] of Object.entries(data)) session.set(key as 'user', value as never);
    headers.set('cookie', (await storage.commitSession(session)).split(';')[0] ?? '');
  }
  return new Request(`http://127.0.0.1:3001${path}`, { headers });
}

function contextFor(apiUrl: string) {
  return createLoadContext(loadConfig({ API_URL: apiUrl }), secret);
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('expected a thrown Response');
}

describe('requireApiSession', () => {
  it('sends a browser without a session to /login, remembering where it was going', async () => {
    const response = await thrown(
      requireApiSession(
        await requestWithSession(undefined, '/events?type=x'),
        contextFor('http://127.0.0.1:9'),
      ),
    );

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fevents%3Ftype%3Dx');
  });

  it('uses a fresh access token as it is, without calling the API', async () => {
    const api = await startAuthApi('rotate');
    const session = await requireApiSession(
      await requestWithSession({
        accessToken: 'a0',
        refreshToken: 'r0',
        expiresAt: Date.now() + 600_000,
        user,
      }),
      contextFor(api.url),
    );

    expect(session.accessToken).toBe('a0');
    expect(session.headers.has('set-cookie')).toBe(false);
    expect(api.received).toEqual([]);
  });

  it('refreshes a token about to expire once, even for concurrent requests, and stores the new pair', async () => {
    const api = await startAuthApi('rotate');
    const data = { accessToken: 'a0', refreshToken: 'r0', expiresAt: Date.now() + 5_000, user };

    const [first, second] = await Promise.all([
      requireApiSession(await requestWithSession(data), contextFor(api.url)),
      requireApiSession(await requestWithSession(data), contextFor(api.url)),
    ]);

    expect(api.received).toEqual(['r0']);
    expect(first.accessToken).toBe('access-1');
    expect(second.accessToken).toBe('access-1');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kyros_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const stored = await sessionStorage(secret, false).getSession(cookie.split(';')[0]);
    expect(stored.get('refreshToken')).toBe('refresh-1');
  });

  it('signs the browser out when the API refuses the refresh token', async () => {
    const api = await startAuthApi('refuse');
    const response = await thrown(
      requireApiSession(
        await requestWithSession({
          accessToken: 'a0',
          refreshToken: 'revoked',
          expiresAt: Date.now() - 1,
          user,
        }),
        contextFor(api.url),
      ),
    );

    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Ftasks');
    expect(response.headers.get('set-cookie')).toMatch(/kyros_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe('safeRedirectPath', () => {
  it('keeps same-origin paths and refuses everything else', () => {
    expect(safeRedirectPath('/tasks?x=1')).toBe('/tasks?x=1');
    expect(safeRedirectPath('//evil.example/')).toBe('/');
    expect(safeRedirectPath('https://evil.example/')).toBe('/');
    expect(safeRedirectPath('/login')).toBe('/');
    expect(safeRedirectPath(null)).toBe('/');
  });
});
