import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';

/** `<name>-<date>.json` for the record and `<name>-latest.json` for the docs and tooling. */
export async function writeResultFiles(
  dir: string,
  name: string,
  results: { date: string },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = results.date.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const file = path.join(dir, `${name}-${stamp}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(file, text);
  await writeFile(path.join(dir, `${name}-latest.json`), text);
  return file;
}

/** A Markdown table; `|` inside body cells is escaped. */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/**
 * The same rows as a table on the terminal: columns padded to their widest cell, a rule under the
 * header, and Markdown emphasis (`**no**`) dropped, since it means nothing there.
 */
export function printPlainTable(header: readonly string[], rows: readonly string[][]): void {
  const table = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll('**', '')));
  const widths = header.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ');
  const [head = [], ...body] = table;
  console.log(line(head));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of body) console.log(line(row));
}

/**
 * Replaces the generated block of `docFile` (between the markers) with `content` and formats the
 * file with the repository's prettier settings, so `npm test`'s format check stays green.
 */
export async function replaceGeneratedBlock(
  docFile: string,
  markers: { begin: string; end: string },
  content: string,
): Promise<void> {
  const doc = await readFile(docFile, 'utf8');
  const begin = doc.indexOf(markers.begin);
  const end = doc.indexOf(markers.end);
  if (begin === -1 || end < begin) {
    throw new Error(`${docFile} has no ${markers.begin} … ${markers.end} block to refresh`);
  }
  const block = `${markers.begin}\n\n${content}\n\n${markers.end}`;
  const next = doc.slice(0, begin) + block + doc.slice(end + markers.end.length);
  const options = (await resolveConfig(docFile)) ?? {};
  await writeFile(docFile, await format(next, { ...options, filepath: docFile }));
}

/** The machine a run was measured on, as every results file records it. */
export interface BenchMachine {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverageAtStart: number;
}

export function describeMachine(loadAverageAtStart: number): BenchMachine {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
  };
}
