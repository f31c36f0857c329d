import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Past this many lines a file needs a reason at its top (STYLE.md: "a name is missing"). */
export const MAX_LINES = 300;

/** The reason, a line comment within the first {@link MARKER_WITHIN} lines. */
export const LONG_FILE_MARKER = /^\s*\/\/ Long file: \S/;
const MARKER_WITHIN = 5;

/** Folders that hold installed or generated code, never ours to size. */
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'build', 'dist', '.cache', 'coverage']);

export interface SourceFile {
  /** Relative to the repository root, with `/`. */
  path: string;
  text: string;
}

export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function hasLongFileReason(text: string): boolean {
  return text.split('\n', MARKER_WITHIN).some((line) => LONG_FILE_MARKER.test(line));
}

/** The files over {@link MAX_LINES} lines without a reason at their top, as `path (N lines)`. */
export function longFilesWithoutReason(files: readonly SourceFile[]): string[] {
  return files
    .filter((file) => lineCount(file.text) > MAX_LINES && !hasLongFileReason(file.text))
    .map((file) => `${file.path} (${lineCount(file.text)} lines)`);
}

/** Every `.ts`/`.tsx` file under the given folders of `root`, skipping installed and generated code. */
export function sourceFiles(root: string, folders: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(relative);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative, text: readFileSync(path.join(root, relative), 'utf8') });
      }
    }
  };
  for (const folder of folders) walk(folder);
  return files;
}
