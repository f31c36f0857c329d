import { createCookieSessionStorage, redirect, type SessionStorage } from '@remix-run/node';
import type { AuthUser, TokenGrant } from './auth-api.server.ts';

/** What the console keeps per signed-in browser; the tokens never leave the server otherwise. */
export interface SessionData {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms at which the access token expires. */
  expiresAt: number;
  user: AuthUser;
}

const storages = new Map<string, SessionStorage<SessionData>>();

/** One storage per secret (in practice one per process): httpOnly, sameSite=lax, signed. */
export function sessionStorage(secret: string, secure: boolean): SessionStorage<SessionData> {
  const key = `${secure}:${secret}`;
  let storage = storages.get(key);
  if (!storage) {
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: 'kyros_session',
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure,
        secrets: [secret],
        // The refresh token outlives this; a browser that stays away a month signs in again.
        maxAge: 60 * 60 * 24 * 30,
      },
    });
    storages.set(key, storage);
  }
  return storage;
}

export function sessionFromGrant(grant: TokenGrant, now = Date.now()): SessionData {
  return {
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    expiresAt: now + grant.expires_in * 1000,
    user: grant.user,
  };
}

/** Only same-origin paths: an open redirect through ?redirectTo= would be a phishing aid. */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) {
    return fallback;
  }
  return value.startsWith('/login') ? fallback : value;
}

export function loginRedirect(request: Request, headers?: HeadersInit): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  const search = back === '/' ? '' : `?${new URLSearchParams({ redirectTo: back }).toString()}`;
  return redirect(`/login${search}`, { headers });
}
