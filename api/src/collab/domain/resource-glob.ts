/**
 * Lease resources: repository-relative paths or globs. Glob syntax is deliberately small — `*`
 * and `?` inside one segment, `**` as a whole segment for any depth — so that the overlap test
 * below is exact rather than a guess.
 */

export type NormalisedResource = { ok: true; resource: string } | { ok: false; reason: string };

const MAX_SEGMENTS = 64;

export function normaliseResource(raw: string): NormalisedResource {
  const input = raw.trim();
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(input)) return refuse('must not contain control characters');
  if (input.includes('\\')) return refuse('must use forward slashes, not backslashes');
  if (input.startsWith('/') || /^[A-Za-z]:/.test(input) || input.startsWith('~')) {
    return refuse('must be relative to the repository root, not an absolute path');
  }
  if (/[[\]{}]/.test(input)) return refuse('supports only *, ? and ** globs (no [..] or {..})');
  if (input.startsWith('!')) return refuse('must not be a negated glob');
  const segments: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return refuse('must not contain ".." segments');
    if (segment.includes('**') && segment !== '**') {
      return refuse('may use ** only as a whole path segment, as in docs/**/*.md');
    }
    // `**/**` matches exactly what `**` matches.
    if (segment === '**' && segments.at(-1) === '**') continue;
    segments.push(segment);
  }
  if (segments.length === 0)
    return refuse('must name a path inside the repository (use ** for all)');
  if (segments.length > MAX_SEGMENTS) return refuse(`must have at most ${MAX_SEGMENTS} segments`);
  return { ok: true, resource: segments.join('/') };
}

function refuse(reason: string): NormalisedResource {
  return { ok: false, reason: `resource ${reason}` };
}

/**
 * True when some path could be covered by both resources. A plain path also covers everything
 * below it (a lease on `docs` guards `docs/a.md`), so each pattern is read with an implicit
 * trailing `/**`. Decided exactly by searching the product of the two patterns' automata — at
 * the path level with `**` as the star, inside segments with `*` as the star and `?` as any.
 */
export function resourcesOverlap(a: string, b: string): boolean {
  const left = [...a.split('/'), '**'];
  const right = [...b.split('/'), '**'];
  return patternsIntersect(left, right, (token) => token === '**', segmentsIntersect);
}

/** Whether two single-segment globs (`*`, `?`, literals) match a common non-empty name. */
export function segmentsIntersect(a: string, b: string): boolean {
  return patternsIntersect(
    [...a],
    [...b],
    (token) => token === '*',
    (x, y) => x === '?' || y === '?' || x === y,
  );
}

/**
 * Non-emptiness of the intersection of two star patterns: a breadth-first search over position
 * pairs. A star may match nothing (advance it alone) or absorb one symbol while the other side
 * consumes a compatible token. Polynomial: at most (|a|+1)·(|b|+1) states.
 */
function patternsIntersect<T>(
  a: readonly T[],
  b: readonly T[],
  isStar: (token: T) => boolean,
  compatible: (x: T, y: T) => boolean,
): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const queue: [number, number][] = [[0, 0]];
  while (queue.length > 0) {
    const next = queue.pop();
    if (!next) break;
    const [i, j] = next;
    if (seen.has(i * width + j)) continue;
    seen.add(i * width + j);
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    const xStar = x !== undefined && isStar(x);
    const yStar = y !== undefined && isStar(y);
    if (xStar) queue.push([i + 1, j]);
    if (yStar) queue.push([i, j + 1]);
    if (x === undefined || y === undefined || (xStar && yStar)) continue;
    if (xStar || yStar || compatible(x, y)) queue.push([xStar ? i : i + 1, yStar ? j : j + 1]);
  }
  return false;
}
