import { MeResponse, TokenResponse } from '../schemas/auth.ts';
import type { RequestCore } from './request-core.ts';

/** Sign-in and session tokens (docs/AUTH.md); `me` needs a credential, the rest do not. */
export function createAuthSection(core: RequestCore) {
  return {
    /** A wrong email or password is an `ApiError` with status 401. */
    login: (email: string, password: string, signal?: AbortSignal) =>
      core.json('POST', '/auth/login', TokenResponse, { body: { email, password }, signal }),
    /** Refresh tokens rotate: the one passed in stops working. */
    refresh: (refreshToken: string, signal?: AbortSignal) =>
      core.json('POST', '/auth/refresh', TokenResponse, {
        body: { refresh_token: refreshToken },
        signal,
      }),
    logout: (refreshToken: string, signal?: AbortSignal) =>
      core.empty('POST', '/auth/logout', { body: { refresh_token: refreshToken }, signal }),
    me: () => core.json('GET', '/auth/me', MeResponse),
  };
}

export type AuthSection = ReturnType<typeof createAuthSection>;
