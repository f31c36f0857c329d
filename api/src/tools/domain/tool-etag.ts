import { ifMatchSatisfied } from '../../collab/domain/etag-preconditions.ts';

/** A tool's ETag is its row version: every change increments it. */
export function toolEtag(version: number): string {
  return `"v${version}"`;
}

/** `If-Match` is required to change a tool (428 without it) and must name its current version. */
export function toolPrecondition(
  ifMatch: string | undefined,
  version: number,
): 'ok' | 'missing' | 'stale' {
  if (ifMatch === undefined) return 'missing';
  return ifMatchSatisfied(ifMatch, toolEtag(version)) ? 'ok' : 'stale';
}
