import { describe, expect, it } from 'vitest';
import { normaliseResource, resourcesOverlap, segmentsIntersect } from './resource-glob.ts';
import { RESOURCE_PATTERN } from '@kyros/contracts/schemas/collab-tasks';

describe('normaliseResource', () => {
  it.each([
    ['docs/a.md', 'docs/a.md'],
    ['./docs//a.md', 'docs/a.md'],
    ['docs/', 'docs'],
    ['  src/*.ts ', 'src/*.ts'],
    ['docs/**/**/x.md', 'docs/**/x.md'],
    ['**', '**'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseResource(raw)).toEqual({ ok: true, resource: expected });
  });

  it.each([
    ['../etc/passwd', /\.\./],
    ['docs/../../x', /\.\./],
    ['/etc/passwd', /absolute/],
    ['C:/Windows', /absolute/],
    ['~/x', /absolute/],
    ['docs\\a.md', /backslash/],
    ['docs/a\u0000.md', /control/],
    ['src/{a,b}.ts', /globs/],
    ['src/[ab].ts', /globs/],
    ['docs/a**', /whole path segment/],
    ['!docs', /negated/],
    ['.', /inside the repository/],
    ['./', /inside the repository/],
    [Array.from({ length: 65 }, () => 'd').join('/'), /at most 64/],
  ])('refuses %j', (raw, reason) => {
    const result = normaliseResource(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('resourcesOverlap', () => {
  it.each([
    ['docs/**', 'docs/a.md'],
    ['src/*.ts', 'src/x.ts'],
    ['docs', 'docs/a.md'],
    ['docs/a.md', 'docs/a.md'],
    ['**', 'anything/at/all'],
    ['src/**/*.ts', 'src/a/b/c.ts'],
    ['src/**/*.ts', 'src/c.ts'],
    ['src/*/index.ts', 'src/**'],
    ['a/*.md', 'a/x*'],
    ['a?c', 'abc'],
    ['*.test.ts', '*.ts'],
    ['src/a*', 'src/*b'],
    // A resource also covers everything below what it matches: `x/z/y` is under both.
    ['x/*/y', 'x/z'],
    ['docs/**/*.md', 'docs/**/*.ts'],
  ])('%j and %j overlap', (a, b) => {
    expect(resourcesOverlap(a, b)).toBe(true);
    expect(resourcesOverlap(b, a)).toBe(true);
  });

  it.each([
    ['docs/**', 'src/a.ts'],
    ['src/*.ts', 'src/x.js'],
    ['src/*.ts', 'src/a/x.ts'],
    ['docs/a.md', 'docs/b.md'],
    ['docs', 'doc'],
    ['a?c', 'abd'],
    ['src/a*.ts', 'src/b*'],
    ['x/*/y', 'x/z/w'],
    ['docs/*.md', 'docs/*.ts'],
  ])('%j and %j do not overlap', (a, b) => {
    expect(resourcesOverlap(a, b)).toBe(false);
    expect(resourcesOverlap(b, a)).toBe(false);
  });

  it('agrees with brute-force enumeration on generated patterns', () => {
    const patterns = generatedPatterns(260);
    const universe = paths(3);
    const coverage = new Map(
      patterns.map((pattern) => [pattern, universe.filter((path) => covers(pattern, path))]),
    );
    const outcomes = { true: 0, false: 0 };
    for (let i = 0; i < patterns.length; i += 2) {
      const a = patterns[i] ?? '';
      const b = patterns[i + 1] ?? '';
      const covered = new Set(coverage.get(a));
      const expected = (coverage.get(b) ?? []).some((path) => covered.has(path));
      expect({ a, b, overlap: resourcesOverlap(a, b) }).toEqual({ a, b, overlap: expected });
      outcomes[`${expected}`] += 1;
    }
    // The generated pairs must exercise both answers, or the comparison proves little.
    expect(outcomes.true).toBeGreaterThan(20);
    expect(outcomes.false).toBeGreaterThan(20);
  });
});

describe('segmentsIntersect', () => {
  it('finds a common name when one exists', () => {
    expect(segmentsIntersect('a*', '*b')).toBe(true);
    expect(segmentsIntersect('?', 'x')).toBe(true);
    expect(segmentsIntersect('??', 'x')).toBe(false);
    expect(segmentsIntersect('a*a', 'b*')).toBe(false);
  });
});

// --- a reference implementation, deliberately naive: enumerate paths, match by backtracking.

const LETTERS = ['a', 'b'];

function paths(depth: number): string[] {
  const names = ['a', 'b', 'aa', 'ab', 'ba', 'bb', 'aab', 'aba', 'abb', 'baa', 'bab', 'bba'];
  let level = names.map((name) => [name]);
  const all = [...level];
  for (let d = 1; d < depth; d += 1) {
    level = level.flatMap((prefix) => names.map((name) => [...prefix, name]));
    all.push(...level);
  }
  return all.map((segments) => segments.join('/'));
}

function covers(pattern: string, path: string): boolean {
  const segments = path.split('/');
  return segments.some((_, k) => matchPath(pattern.split('/'), segments.slice(0, k + 1)));
}

function matchPath(pattern: string[], path: string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return path.length === 0;
  if (head === '**')
    return path.some((_, k) => matchPath(rest, path.slice(k))) || matchPath(rest, []);
  const [first, ...others] = path;
  return first !== undefined && matchName(head, first) && matchPath(rest, others);
}

function matchName(pattern: string, name: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('');
  return new RegExp(`^${source}$`).test(name);
}

function generatedPatterns(count: number): string[] {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
  const tokens = [...LETTERS, '*', '?'];
  const segment = () =>
    random(5) === 0
      ? '**'
      : Array.from({ length: 1 + random(2) }, () => tokens[random(tokens.length)]).join('');
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + random(2) }, segment).join('/'),
  );
}

describe('RESOURCE_PATTERN, the lease glob syntax the OpenAPI document states', () => {
  const pattern = new RegExp(RESOURCE_PATTERN);
  const accepted = [
    'docs',
    'docs/**',
    '**',
    'src/*.ts',
    'a?c/b',
    './src//x.ts',
    './docs/',
    'a...b',
    '...',
    '.github/*',
    'v1.2/@scope+x=1,2%',
  ];
  const refused = [
    '/etc/passwd',
    '../x',
    'docs/../../x',
    'docs/..',
    'C:/Windows',
    '~/x',
    '!docs',
    'docs\\a.md',
    'docs/a\u0000.md',
    'src/{a,b}.ts',
    'src/[ab].ts',
    'docs/a**',
    '**a',
    '.',
    './',
    '',
    ' docs',
    Array.from({ length: 65 }, () => 'd').join('/'),
  ];

  it.each(accepted)('takes %j, and so does normaliseResource', (input) => {
    expect(pattern.test(input)).toBe(true);
    expect(normaliseResource(input).ok).toBe(true);
  });
  it.each(refused)('refuses %j', (input) => {
    expect(pattern.test(input)).toBe(false);
  });
});
