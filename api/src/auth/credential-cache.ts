import type { Principal } from './principal.ts';

/** An API key lookup this replica reuses for a while (revocations elsewhere lag by that long). */
export interface CachedApiKey {
  principal: Principal;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  cachedAt: number;
}

export interface CredentialCacheOptions {
  /** How long an API key lookup is reused on this replica (default 10 s). */
  apiKeyCacheMs?: number;
  /** `last_used_at` is written at most this often per key (default 60 s). */
  lastUsedThrottleMs?: number;
}

/**
 * What one API replica remembers about credentials between requests: API key lookups (by the
 * key's sha256), and the accounts changed here since, whose earlier access tokens it refuses at
 * once (other replicas refuse them at expiry: access tokens are checked without the database).
 */
export interface CredentialCache {
  readonly apiKeyCacheMs: number;
  readonly lastUsedThrottleMs: number;
  /** sha256 of the key → its lookup. */
  readonly apiKeys: Map<string, CachedApiKey>;
  /** users.id → access tokens issued before this time (ms) are refused. */
  readonly staleBefore: Map<string, number>;
}

export function createCredentialCache(options: CredentialCacheOptions = {}): CredentialCache {
  return {
    apiKeyCacheMs: options.apiKeyCacheMs ?? 10_000,
    lastUsedThrottleMs: options.lastUsedThrottleMs ?? 60_000,
    apiKeys: new Map(),
    staleBefore: new Map(),
  };
}
