/**
 * Keyset pagination over jobs, newest first: the cursor names the last job of a page by
 * (created_at, id), base64url-encoded, so pages stay stable while new jobs arrive.
 */
export interface JobCursor {
  createdAt: Date;
  id: string;
}

export function encodeJobCursor(cursor: JobCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString(
    'base64url',
  );
}

/** Undefined for anything this API never issued. */
export function decodeJobCursor(text: string): JobCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const [iso, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !iso || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return undefined;
  return { createdAt, id };
}

/** A variant's ETag: its version, strong, quoted (RFC 9110). */
export function variantEtag(version: number): string {
  return `"v${version}"`;
}
