import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describeApi } from '@kyros/api/api-document';
import {
  renderEndpoints,
  renderPages,
  withGeneratedSection,
  type RouteModule,
} from './summary-document.ts';

export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);
export const SUMMARY_FILE = path.join(PROJECT_ROOT, 'SUMMARY.md');
const ROUTES_DIR = path.join(PROJECT_ROOT, 'remix-console', 'app', 'routes');

/** The console's route modules (tests left out), and whether each renders a page. */
export async function readRouteModules(dir = ROUTES_DIR): Promise<RouteModule[]> {
  const files = (await readdir(dir)).filter(
    (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file),
  );
  return Promise.all(
    files.map(async (file) => ({
      file,
      rendersPage: /^export default /m.test(await readFile(path.join(dir, file), 'utf8')),
    })),
  );
}

/** SUMMARY.md as it should read now: its hand-written text with both sections regenerated. */
export async function currentSummary(): Promise<{ current: string; expected: string }> {
  const current = await readFile(SUMMARY_FILE, 'utf8');
  let expected = withGeneratedSection(current, 'api', renderEndpoints(await describeApi()));
  expected = withGeneratedSection(expected, 'pages', renderPages(await readRouteModules()));
  const options = { ...(await resolveConfig(SUMMARY_FILE)), filepath: SUMMARY_FILE };
  return { current, expected: await format(expected, options) };
}
