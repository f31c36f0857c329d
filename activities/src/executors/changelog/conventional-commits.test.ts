import { describe, expect, it } from 'vitest';
import {
  parseConventionalCommit,
  prependChangelogSection,
  renderChangelogSection,
  type GitCommit,
} from './conventional-commits.ts';

const commit = (subject: string, body = '', hash = 'abcdef1234567890'): GitCommit => ({
  hash,
  subject,
  body,
  date: '2026-11-25T10:00:00+00:00',
});

describe('parseConventionalCommit', () => {
  it('reads type, scope and description', () => {
    expect(parseConventionalCommit(commit('feat(api): add leases'))).toMatchObject({
      type: 'feat',
      scope: 'api',
      description: 'add leases',
      breaking: false,
    });
  });

  it('marks breaking changes from `!` or a BREAKING CHANGE footer', () => {
    expect(parseConventionalCommit(commit('fix!: drop v1')).breaking).toBe(true);
    expect(
      parseConventionalCommit(commit('refactor: x', 'Details.\n\nBREAKING CHANGE: y')).breaking,
    ).toBe(true);
  });

  it('puts unknown types and free-form subjects under other, keeping the whole subject', () => {
    expect(parseConventionalCommit(commit('build: bump deps'))).toMatchObject({
      type: 'other',
      description: 'build: bump deps',
    });
    expect(parseConventionalCommit(commit('Initial commit'))).toMatchObject({
      type: 'other',
      description: 'Initial commit',
    });
  });
});

describe('renderChangelogSection', () => {
  it('groups in the fixed order feat, fix, docs, refactor, perf, test, chore, other', () => {
    const section = renderChangelogSection({
      commits: [
        commit('chore: tidy', '', '1111111aaaa'),
        commit('whatever', '', '2222222bbbb'),
        commit('fix(ui): button', '', '3333333cccc'),
        commit('feat: leases', '', '4444444dddd'),
        commit('perf: faster', '', '5555555eeee'),
        commit('docs: readme', '', '6666666ffff'),
        commit('test: more', '', '7777777aaaa'),
        commit('refactor: split', '', '8888888bbbb'),
      ],
      range: 'v1..HEAD',
      marker: 'm',
    });
    const headings = section.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '## 2026-11-25 (v1..HEAD)',
      '### Features',
      '### Bug fixes',
      '### Documentation',
      '### Refactoring',
      '### Performance',
      '### Tests',
      '### Chores',
      '### Other changes',
    ]);
    expect(section).toContain('- **ui:** button (3333333)');
  });

  it('escapes Markdown in commit subjects', () => {
    const section = renderChangelogSection({
      commits: [commit('feat: add <script> [link](x)')],
      range: null,
      marker: 'm',
    });
    expect(section).toContain('add \\<script\\> \\[link\\](x)');
  });

  it('says so when the range has no commits', () => {
    expect(renderChangelogSection({ commits: [], range: 'a..a', marker: 'm' })).toContain(
      'No changes.',
    );
  });
});

describe('prependChangelogSection', () => {
  it('creates a titled changelog when there is none', () => {
    expect(prependChangelogSection(null, 'S\n', 'm')).toBe('# Changelog\n\nS\n');
  });

  it('inserts below the existing title, above older sections', () => {
    expect(prependChangelogSection('# Changelog\n\n## old\n', 'S\n', 'm')).toBe(
      '# Changelog\n\nS\n\n## old\n',
    );
  });

  it('returns null when the section is already there (a retried attempt)', () => {
    expect(prependChangelogSection('# Changelog\n\n<!-- m -->\n', 'S\n', 'm')).toBeNull();
  });
});
