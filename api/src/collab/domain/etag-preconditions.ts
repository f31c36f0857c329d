/**
 * Conditional-request evaluation (RFC 9110 §13). `If-Match` uses the strong comparison, so a weak
 * validator never satisfies it; `If-None-Match` uses the weak comparison.
 */

/** Splits an entity-tag list header; `*` stays `*`. Returns undefined when the header is absent. */
export function parseEtagList(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const tags = header.match(/\*|(?:W\/)?"[^"]*"/g);
  return tags ?? [];
}

export function ifMatchSatisfied(header: string | undefined, current: string | undefined): boolean {
  const tags = parseEtagList(header);
  if (tags === undefined) return true;
  if (current === undefined) return false;
  return tags.some((tag) => tag === '*' || tag === current);
}

/** True when a GET should answer 304: some listed tag weakly matches the current one. */
export function ifNoneMatchHits(header: string | undefined, current: string): boolean {
  const tags = parseEtagList(header);
  if (tags === undefined) return false;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  return tags.some((tag) => tag === '*' || opaque(tag) === opaque(current));
}
