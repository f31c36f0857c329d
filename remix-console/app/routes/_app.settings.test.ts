// @vitest-environment node
import { loadConfig } from '@kyros/contracts/config';
import type { ActionFunctionArgs } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { createLoadContext } from '../lib/config.server.ts';
import { sessionStorage } from '../lib/session.server.ts';
import { action as apiKeysAction } from './_app.settings.api-keys.tsx';
import { action as presetsAction } from './_app.settings.presets.tsx';
import { action as toolsAction } from './_app.settings.tools.tsx';
import { action as usersAction } from './_app.settings.users.tsx';

// Every section of Settings is a route with its own action; none may call the API with a post
// it has not validated. Nothing listens on this port, so a call that got through would throw.
const secret = 'settings-action-test-secret-settings-01';
const apiUrl = 'http://127.0.0.1:9';
const USER_ID = '0b9f8a52-6a3f-4c65-9a53-0e7a4c1f2d11';

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

async function post(action: Action, section: string, fields: Record<string, string>) {
  const storage = sessionStorage(secret, false);
  const session = await storage.getSession();
  session.set('accessToken', 'access-token-1');
  session.set('refreshToken', 'refresh-token-1');
  session.set('expiresAt', Date.now() + 600_000);
  session.set('user', {
    id: USER_ID,
    email: 'ada@example.com',
    display_name: 'Ada',
    role: 'admin',
    disabled: false,
    last_login_at: null,
    created_at: '2026-11-25T09:00:00.000Z',
  });
  const cookie = (await storage.commitSession(session)).split(';')[0] ?? '';
  const request = new Request(`http://console/settings/${section}`, {
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

/** The value an action answered (withApi wraps it in data(value, init)). */
function answer(result: unknown): { errors?: Record<string, string> } {
  return (result as { data: { errors?: Record<string, string> } }).data;
}

async function refusal(
  action: Action,
  section: string,
  fields: Record<string, string>,
): Promise<Response> {
  const thrown = await post(action, section, fields).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(thrown instanceof Response)) throw new Error(`expected a Response, got ${String(thrown)}`);
  return thrown;
}

describe('the settings actions', () => {
  it.each([
    ['presets', presetsAction, 'presets action', { intent: 'explode' }],
    ['presets', presetsAction, 'presets action', { intent: 'preset-delete', id: 'not-a-uuid' }],
    ['presets', presetsAction, 'presets action', { intent: 'preset-update' }],
    ['api-keys', apiKeysAction, 'API keys action', { intent: 'key-revoke' }],
    ['api-keys', apiKeysAction, 'API keys action', { intent: 'user-create' }],
    ['users', usersAction, 'users action', { intent: 'user-toggle', id: USER_ID }],
    [
      'users',
      usersAction,
      'users action',
      { intent: 'user-toggle', id: USER_ID, disabled: 'maybe' },
    ],
    ['users', usersAction, 'users action', { intent: 'user-role', id: USER_ID, role: 'root' }],
    ['users', usersAction, 'users action', { intent: 'key-revoke', id: USER_ID }],
    ['users', usersAction, 'users action', {}],
    [
      'tools',
      toolsAction,
      'tools action',
      { intent: 'tool-toggle', name: 'shell/rm', etag: '"1"', enabled: 'true' },
    ],
    [
      'tools',
      toolsAction,
      'tools action',
      { intent: 'tool-toggle', name: 'docs/format', etag: '', enabled: 'true' },
    ],
    ['tools', toolsAction, 'tools action', { intent: 'preset-delete', id: USER_ID }],
  ] as const)(
    'the %s action refuses a malformed post with 400 and says what is wrong (%#)',
    async (section, action, what, fields) => {
      const response = await refusal(action, section, fields);

      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text.startsWith(`Invalid ${what}: `)).toBe(true);
      expect(text.length).toBeGreaterThan(`Invalid ${what}: `.length);
    },
  );

  it('names the field at fault', async () => {
    const response = await refusal(usersAction, 'users', {
      intent: 'user-role',
      id: USER_ID,
      role: 'root',
    });

    expect(await response.text()).toContain('→ at role');
  });

  it('answers what a person typed wrong beside the field, without calling the API', async () => {
    const result = await post(usersAction, 'users', {
      intent: 'user-create',
      email: 'not-an-email',
      password: 'short',
      role: 'viewer',
    });

    expect(answer(result)).toMatchObject({ ok: false, status: 400, title: 'Check the form' });
    expect(Object.keys(answer(result).errors ?? {}).sort()).toEqual(['email', 'password']);
  });

  it('answers tool options outside their schema beside the field, without calling the API', async () => {
    const result = await post(toolsAction, 'tools', {
      intent: 'tool-configure',
      name: 'docs/format',
      etag: '"1"',
      'config.printWidth': '5',
    });

    expect(answer(result)).toMatchObject({ ok: false, status: 400, title: 'Check the options' });
    expect(Object.keys(answer(result).errors ?? {})).toEqual(['printWidth']);
  });
});
