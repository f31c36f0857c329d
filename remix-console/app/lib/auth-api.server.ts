import { TokenResponse, type User } from '@kyros/contracts/auth';
import { CollabApiError } from '@kyros/contracts/collab-client';
import { urlOn } from './config.server.ts';

export type TokenGrant = TokenResponse;
export type AuthUser = User;

async function postJson(apiUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(urlOn(apiUrl, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

async function grantFrom(response: Response): Promise<TokenGrant> {
  if (!response.ok) throw await CollabApiError.from(response);
  return TokenResponse.parse(await response.json());
}

/** `POST /auth/login`: a 401 (wrong email or password) arrives as a CollabApiError. */
export async function login(apiUrl: string, email: string, password: string): Promise<TokenGrant> {
  return grantFrom(await postJson(apiUrl, '/auth/login', { email, password }));
}

// Refresh tokens rotate (single use): a page whose loaders all notice the expiry at once must
// spend the token once, so concurrent refreshes of one token share the same call.
const inFlightRefreshes = new Map<string, Promise<TokenGrant>>();

export function refresh(apiUrl: string, refreshToken: string): Promise<TokenGrant> {
  let pending = inFlightRefreshes.get(refreshToken);
  if (!pending) {
    pending = postJson(apiUrl, '/auth/refresh', { refresh_token: refreshToken }).then(grantFrom);
    inFlightRefreshes.set(refreshToken, pending);
    // Keep the answer briefly for requests that still carry the old cookie, then forget it.
    const forget = () => setTimeout(() => inFlightRefreshes.delete(refreshToken), 30_000).unref();
    pending.then(forget, forget);
  }
  return pending;
}

/** `POST /auth/logout`: revokes the refresh token; signing out locally proceeds whatever it says. */
export async function logout(apiUrl: string, refreshToken: string): Promise<void> {
  try {
    await postJson(apiUrl, '/auth/logout', { refresh_token: refreshToken });
  } catch {
    // The API being down must not keep someone signed in to this browser.
  }
}
