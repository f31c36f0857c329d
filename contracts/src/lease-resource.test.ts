import { describe, expect, it } from 'vitest';
import { coveringResource, leaseResourceFor, namesOneFile } from './lease-resource.ts';

describe('the lease resource an executor needs', () => {
  it('is the glob itself when lease globs can express it', () => {
    expect(coveringResource('docs/**/*.md')).toBe('docs/**/*.md');
    expect(coveringResource('./README.md')).toBe('README.md');
  });

  it('widens braces and classes to their literal directory prefix', () => {
    expect(coveringResource('src/{a,b}/*.ts')).toBe('src');
    expect(coveringResource('**/*.{js,ts}')).toBe('**');
    expect(coveringResource('docs/[ab].md')).toBe('docs');
  });

  it('covers the output file of executors without a glob', () => {
    expect(leaseResourceFor({ name: 'docs/changelog', args: { output: 'CHANGELOG.md' } })).toBe(
      'CHANGELOG.md',
    );
    expect(leaseResourceFor({ name: 'lint', args: {} })).toBe('**');
    expect(leaseResourceFor({ name: 'docs/format', args: {} })).toBe('**/*.md');
  });
});

describe('namesOneFile', () => {
  it.each(['README.md', 'docs/api/guide.md', 'a-b_c.d.ts'])('%s names one file', (glob) => {
    expect(namesOneFile(glob)).toBe(true);
  });

  it.each([
    '',
    '*.md',
    'docs/**',
    'doc?.md',
    'docs/[ab].md',
    'docs/{a,b}.md',
    '!(x).md',
    '+(a).md',
    '@(a).md',
    'a\\*.md',
    './a.md',
    'docs//a.md',
    'docs/',
    '../a.md',
  ])('%s is a pattern (or not in normal form)', (glob) => {
    expect(namesOneFile(glob)).toBe(false);
  });
});
