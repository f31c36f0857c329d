/**
 * Command text as the parser sees it: Unicode NFKC (full-width letters and compatibility forms
 * become plain ones), invisible format characters removed (zero-width spaces, bidi overrides:
 * `\p{Cf}`), control characters turned into spaces, whitespace collapsed. Typographic dashes
 * become `-` so `T‐101` is `T-101`. Pure and total: any string in, a string out.
 */
export function normalizeCommandText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/gu, ' ')
    .trim();
}
