// @vitest-environment node
import { loadConfig } from '@kyros/contracts/config';
import { describe, expect, it } from 'vitest';
import { createLoadContext } from '../lib/config.server.ts';
import { sessionStorage } from '../lib/session.server.ts';
import { action } from './_app.tasks.tsx';

const secret = 'tasks-action-test-secret-tasks-action-01';
// Nothing listens here: a malformed form must be refused before the API is called.
const apiUrl = 'http://127.0.0.1:9';

async function post(fields: Record<string, string>) {
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
  const request = new Request('http://console/tasks', {
    method: 'POST',
    headers: { cookie },
    body: new URLSearchParams(fields),
  });
  return action({
    request,
    context: createLoadContext(loadConfig({ API_URL: apiUrl }), secret),
    params: {},
  });
}

async function refusal(fields: Record<string, string>): Promise<Response> {
  const thrown = await post(fields).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(thrown instanceof Response)) throw new Error(`expected a Response, got ${String(thrown)}`);
  return thrown;
}

describe('the tasks action', () => {
  it.each([
    ['an unknown intent', { intent: 'explode', id: 'T-1' }],
    ['a transition to no known status', { intent: 'transition', id: 'T-1', to: 'sideways' }],
    ['a transition without a task id', { intent: 'transition', to: 'review' }],
    [
      'a checklist flip with a negative index',
      { intent: 'dod', id: 'T-1', index: '-1', item: 'x', done: 'true' },
    ],
    [
      'a checklist flip that is neither true nor false',
      { intent: 'dod', id: 'T-1', index: '0', item: 'x', done: 'maybe' },
    ],
    ['no intent at all', {}],
  ])('refuses %s with 400 and says what is wrong', async (_, fields) => {
    const response = await refusal(fields);

    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/^Invalid task action: /);
    expect(text.length).toBeGreaterThan('Invalid task action: '.length);
  });

  it('names the field at fault', async () => {
    const response = await refusal({ intent: 'transition', id: 'T-1', to: 'sideways' });

    expect(await response.text()).toContain('→ at to');
  });
});
