import { expect, test } from '../support/fixtures.ts';
import { stackEnv } from '../support/paths.ts';

// The console (production build, as `npm start` serves it) cannot be framed, sniffed or made to
// leak its session cookie (issue 15).

test('every console answer carries the security headers, the page and its assets alike', async ({
  request,
}) => {
  const page = await request.get('/login');
  const html = await page.text();
  const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
  expect(asset, 'the login page names a built script').toBeDefined();
  for (const response of [page, await request.get(asset ?? ''), await request.get('/nowhere')]) {
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    // WebSockets go to the terminal daemon (terminal panel) and the API (Remote › Real-time) only.
    expect(headers['content-security-policy']).toMatch(
      /connect-src 'self' ws:\/\/[^ ;]+ ws:\/\/[^ ;]+;/,
    );
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  }
});

test('the session cookie is HttpOnly and SameSite=Lax, and Secure behind a TLS proxy', async ({
  playwright,
  baseURL,
}) => {
  const form = {
    email: stackEnv('adminEmail'),
    password: stackEnv('adminPassword'),
    redirectTo: '/',
  };
  for (const proto of ['http', 'https'] as const) {
    // A fresh context each time: no cookie from the first sign-in rides along.
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: proto === 'https' ? { 'x-forwarded-proto': 'https' } : {},
    });
    const signIn = await context.post('/login', { form, maxRedirects: 0 });
    expect(signIn.status()).toBe(302);
    const cookie = signIn.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie');
    expect(cookie?.value).toMatch(/HttpOnly/i);
    expect(cookie?.value).toMatch(/SameSite=Lax/i);
    if (proto === 'https') expect(cookie?.value).toMatch(/;\s*Secure/i);
    else expect(cookie?.value).not.toMatch(/;\s*Secure/i);
    await context.dispose();
  }
});

test('inline scripts run only with the answer’s nonce: Remix’s do, an injected one does not', async ({
  page,
  request,
}) => {
  const nonces: (string | undefined)[] = [];
  for (let i = 0; i < 2; i++) {
    const answer = await request.get('/login');
    const policy = answer.headers()['content-security-policy'] ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, 'the policy names a nonce').toBeDefined();
    const html = await answer.text();
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
    expect(inline.length, 'Remix writes inline scripts').toBeGreaterThan(0);
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);

  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto('/');
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  expect(violations, 'the console’s own scripts are allowed').toEqual([]);
  // A string, as an attacker's markup would be: the e2e project compiles without DOM types.
  const ran = await page.evaluate(`(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return window.__injected === true;
  })()`);
  expect(ran, 'an inline script without the nonce is blocked').toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});
