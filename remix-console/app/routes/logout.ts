import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { logout } from '../lib/auth-api.server.ts';
import { sessionStorage } from '../lib/session.server.ts';

// POST /logout: revokes the refresh token at the API, then forgets the session in this browser.
export async function action({ request, context }: ActionFunctionArgs) {
  const storage = sessionStorage(context.sessionSecret, new URL(request.url).protocol === 'https:');
  const session = await storage.getSession(request.headers.get('cookie'));
  const refreshToken = session.get('refreshToken');
  if (refreshToken) await logout(context.config.api.url, refreshToken);
  return redirect('/login', { headers: { 'set-cookie': await storage.destroySession(session) } });
}

export function loader() {
  return redirect('/');
}
