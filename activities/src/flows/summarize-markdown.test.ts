import { describe, expect, it } from 'vitest';
import { outlineMarkdown, summarizeMarkdown } from './summarize-markdown.ts';

describe('the deterministic Markdown summary', () => {
  it('takes the title from the first level-1 heading and outlines the rest', () => {
    const outline = outlineMarkdown({
      path: 'docs/guide.md',
      content: '# Guide\n\nSome intro text.\n\n## Install\n\n### From npm\n\n## Use it\n',
    });
    expect(outline).toEqual({
      path: 'docs/guide.md',
      title: 'Guide',
      words: 9,
      headings: [
        { level: 2, text: 'Install' },
        { level: 3, text: 'From npm' },
        { level: 2, text: 'Use it' },
      ],
    });
  });

  it('falls back to the file name for a title and ignores headings inside code fences', () => {
    const outline = outlineMarkdown({
      path: 'docs/notes.md',
      content: 'plain words here\n\n```sh\n# not a heading\n```\n\n## Real\n',
    });
    expect(outline.title).toBe('notes');
    expect(outline.headings).toEqual([{ level: 2, text: 'Real' }]);
  });

  it('renders one section per file with its path, word count and nested outline', () => {
    const summary = summarizeMarkdown('docs/**/*.md', [
      { path: 'docs/a.md', content: '# Alpha\n\none two\n\n## Part\n\n### Sub\n' },
      { path: 'docs/b.md', content: 'just one line\n' },
    ]);
    expect(summary).toBe(
      [
        '# Documentation summary',
        '',
        'Generated from `docs/**/*.md`: 2 files, 8 words.',
        '',
        '## Alpha',
        '',
        '`docs/a.md` — 5 words',
        '',
        '- Part',
        '  - Sub',
        '',
        '## b',
        '',
        '`docs/b.md` — 3 words',
        '',
      ].join('\n'),
    );
  });

  it('is byte-for-byte the same for the same input', () => {
    const documents = [{ path: 'x.md', content: '# X\n\ntext\n' }];
    expect(summarizeMarkdown('*.md', documents)).toBe(summarizeMarkdown('*.md', documents));
  });
});
