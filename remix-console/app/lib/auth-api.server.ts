import type { TokenResponse, User } from '@kyros/contracts/schemas/auth';
import { createKyrosClient } from '@kyros/contracts/client';

export type TokenGrant = TokenResponse;
export type AuthUser = User;

const authApi = (apiUrl: string) => createKyrosClient({ baseUrl: apiUrl }).auth;
const CALL_TIMEOUT_MS = 10_000;

/** `POST /auth/login`: a 401 (wrong email or password) arrives as an ApiError. */
export async function login(apiUrl: string, email: string, password: string): Promise<TokenGrant> {
  return authApi(apiUrl).login(email, password, AbortSignal.timeout(CALL_TIMEOUT_MS));
}

// Refresh tokens rotate (single use): a page whose loaders all notice the expiry at once must
// spend the token once, so concurrent refreshes of one token share the same call.
const inFlightRefreshes = new Map<string, Promise<TokenGrant>>();

export function refresh(apiUrl: string, refreshToken: string): Promise<TokenGrant> {
  let pending = inFlightRefreshes.get(refreshToken);
  if (!pending) {
    pending = authApi(apiUrl).refresh(refreshToken, AbortSignal.timeout(CALL_TIMEOUT_MS));
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
    await authApi(apiUrl).logout(refreshToken, AbortSignal.timeout(CALL_TIMEOUT_MS));
  } catch {
    // The API being down must not keep someone signed in to this browser.
  }
}
