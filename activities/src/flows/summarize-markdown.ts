/** One workspace file as the flow's fetch node read it. */
export interface FetchedDocument {
  /** POSIX path relative to the workspace root. */
  path: string;
  content: string;
}

export interface DocumentOutline {
  path: string;
  title: string;
  words: number;
  /** Headings below the title, in order, with their level (2 for `##`, …). */
  headings: { level: number; text: string }[];
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/** Title, outline and word count of one Markdown document; headings inside code fences are text. */
export function outlineMarkdown(document: FetchedDocument): DocumentOutline {
  const headings: { level: number; text: string }[] = [];
  let fence: string | undefined;
  let words = 0;
  for (const line of document.content.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    words += countWords(line);
    if (fence !== undefined) continue;
    const heading = HEADING.exec(line);
    if (heading?.[1] && heading[2]) headings.push({ level: heading[1].length, text: heading[2] });
  }
  const titleIndex = headings.findIndex((heading) => heading.level === 1);
  const title = titleIndex >= 0 ? (headings[titleIndex]?.text ?? '') : fileStem(document.path);
  return {
    path: document.path,
    title,
    words,
    headings: headings.filter((_, index) => index !== titleIndex),
  };
}

/**
 * The deterministic summary the flow writes when no LLM is configured: no timestamps or other
 * run-dependent text, so a re-run over unchanged files produces the same bytes.
 */
export function summarizeMarkdown(glob: string, documents: FetchedDocument[]): string {
  const outlines = documents.map(outlineMarkdown);
  const totalWords = outlines.reduce((sum, outline) => sum + outline.words, 0);
  const lines = [
    '# Documentation summary',
    '',
    `Generated from \`${glob}\`: ${outlines.length} ${plural(outlines.length, 'file')}, ` +
      `${totalWords} ${plural(totalWords, 'word')}.`,
  ];
  for (const outline of outlines) {
    lines.push('', `## ${outline.title}`, '');
    lines.push(`\`${outline.path}\` — ${outline.words} ${plural(outline.words, 'word')}`);
    if (outline.headings.length > 0) lines.push('');
    const top = Math.min(...outline.headings.map((heading) => heading.level));
    for (const heading of outline.headings) {
      lines.push(`${'  '.repeat(heading.level - top)}- ${heading.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function countWords(line: string): number {
  const stripped = line.replace(/^[ \t]*(#{1,6}|[-*+>]|\d+[.)])[ \t]+/, '');
  return stripped.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function fileStem(filePath: string): string {
  const base = filePath.slice(filePath.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
