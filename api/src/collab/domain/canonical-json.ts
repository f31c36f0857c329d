import { createHash } from 'node:crypto';

/**
 * Canonical JSON (the RFC 8785 scheme): object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialisation. Two equal documents always hash the same, however
 * their keys were ordered on disk.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not representable in JSON: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map(
      (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
    );
  return `{${members.join(',')}}`;
}

/** Strong ETag `"<version>-<first 16 hex of sha256(canonical JSON)>"` (RFC 9110 §8.8.3). */
export function strongEtag(version: number, value: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
  return `"${version}-${digest}"`;
}

/** An ETag for append-only text: its byte length only grows, so it serves as the version. */
export function textEtag(text: string): string {
  return strongEtag(Buffer.byteLength(text, 'utf8'), text);
}
