/** Keys whose values never reach the audit trail, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|hash/i;
const MAX_DEPTH = 8;

/** A copy of `payload` with secret-looking fields replaced by `[redacted]`. */
export function redactSecrets(payload: Record<string, unknown>): Record<string, unknown> {
  return redact(payload, 0) as Record<string, unknown>;
}

function redact(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1),
      ]),
    );
  }
  return value;
}
