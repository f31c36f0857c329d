import { loadConfig } from '@kyros/contracts/config';
import { freePort } from '@kyros/scripts/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type ConsoleServer } from './server.ts';

describe('console server in development mode', () => {
  let consoleServer: ConsoleServer;
  let apiUrl: string;

  beforeAll(async () => {
    // A port that was free a moment ago stands in for an API that is down.
    apiUrl = `http://127.0.0.1:${await freePort()}`;
    const config = loadConfig({ CONSOLE_PORT: String(await freePort()), API_URL: apiUrl });
    consoleServer = await startConsoleServer({ config, mode: 'development' });
  });

  afterAll(async () => {
    await consoleServer.close();
  });

  it('answers /healthz with 200 JSON', async () => {
    const response = await fetch(`${consoleServer.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('sends a browser without a session to the login page', async () => {
    const response = await fetch(`${consoleServer.url}/tasks`, { redirect: 'manual' });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Ftasks');
  });

  it('renders the login page and says the API is unreachable when it is down', async () => {
    const response = await fetch(`${consoleServer.url}/login`);
    const html = await response.text();

    expect(response.status).toBe(200);
    // Vite's hot-reload preamble is inline: development cannot use the production nonce policy.
    expect(response.headers.get('content-security-policy')).toContain(
      "script-src 'self' 'unsafe-inline';",
    );
    expect(html).toContain('data-testid="login-form"');
    expect(html).toMatch(/data-testid="login-api-status" data-state="unreachable"/);
  });

  it('tells a login attempt that the API is unreachable instead of failing', async () => {
    const response = await fetch(`${consoleServer.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'ada@example.com', password: 'secret', redirectTo: '/' }),
      redirect: 'manual',
    });

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('The API is unreachable');
  });

  it('refuses the live event relay without a session, so no stream leaks', async () => {
    const response = await fetch(`${consoleServer.url}/live/events`, {
      headers: { accept: 'text/event-stream' },
    });

    expect(response.status).toBe(401);
  });

  it('answers an unknown path with the 404 page', async () => {
    const response = await fetch(`${consoleServer.url}/no-such-page`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('data-testid="error-page"');
  });
});
