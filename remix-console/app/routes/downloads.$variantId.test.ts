// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@kyros/contracts/config';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadContext } from '../lib/config.server.ts';
import { sessionStorage } from '../lib/session.server.ts';
import { loader } from './downloads.$variantId.ts';

const secret = 'download-test-secret-download-test-0001';
const VARIANT = '5a1c1b0e-8f43-4b3e-9d8e-1f1c2b3d4e5f';
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A stand-in for the API's `POST /export/{id}`: answers with the given status and body. */
async function startExport(status: number, headers: Record<string, string>, body: string) {
  const requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(status, headers);
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
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
    role: 'operator',
    disabled: false,
    last_login_at: null,
    created_at: '2026-11-25T09:00:00.000Z',
  });
  const cookie = (await storage.commitSession(session)).split(';')[0] ?? '';
  return new Request(url, { headers: { cookie } });
}

function call(request: Request, apiUrl: string) {
  return loader({
    request,
    context: createLoadContext(loadConfig({ API_URL: apiUrl }), secret),
    params: { variantId: VARIANT },
  });
}

describe('GET /downloads/<variant id>', () => {
  it("streams the API's file with its name, using the session's token server-side", async () => {
    const file = '# Release 1.2\n\nFaster board\n';
    const api = await startExport(
      200,
      {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': 'attachment; filename="release-notes-0b6f7f3e-v1.md"',
      },
      file,
    );

    const response = await call(
      await signedInRequest(`http://console/downloads/${VARIANT}`),
      api.url,
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(file);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="release-notes-0b6f7f3e-v1.md"',
    );
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(api.requests[0]).toMatchObject({ method: 'POST', url: `/export/${VARIANT}` });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer access-token-1');
    expect(api.requests[0]?.headers.accept).toBe('*/*');
  });

  it('explains a refused export in words with the API status', async () => {
    const api = await startExport(
      409,
      { 'content-type': 'application/problem+json' },
      JSON.stringify({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'conflict',
        detail: 'The variant is not accepted',
      }),
    );

    const response = await call(
      await signedInRequest(`http://console/downloads/${VARIANT}`),
      api.url,
    );

    expect(response.status).toBe(409);
    expect(await response.text()).toContain('The variant is not accepted');
  });
});
