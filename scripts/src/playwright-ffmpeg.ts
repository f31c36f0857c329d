import { readFileSync } from 'node:fs';
import { mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * Where Playwright looks for its own ffmpeg build (its video encoder), which it would download
 * from its CDN: `<browsers path>/ffmpeg-<revision>/ffmpeg-linux`.
 */
export function playwrightFfmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  const require = createRequire(import.meta.url);
  const browsersJson = path.join(
    path.dirname(require.resolve('playwright-core/package.json')),
    'browsers.json',
  );
  const { browsers } = JSON.parse(readFileSync(browsersJson, 'utf8')) as {
    browsers: { name: string; revision: string }[];
  };
  const revision = browsers.find((browser) => browser.name === 'ffmpeg')?.revision;
  if (revision === undefined) throw new Error(`${browsersJson} names no ffmpeg revision`);
  const root = env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  return path.join(root, `ffmpeg-${revision}`, 'ffmpeg-linux');
}

/** Links Debian's ffmpeg where Playwright looks for its own; returns the link's path. */
export async function linkPlaywrightFfmpeg(ffmpeg: string): Promise<string> {
  const link = playwrightFfmpegPath();
  const current = await readlink(link).catch(() => undefined);
  if (current === ffmpeg) return link;
  await mkdir(path.dirname(link), { recursive: true });
  await rm(link, { force: true });
  await symlink(ffmpeg, link);
  return link;
}
