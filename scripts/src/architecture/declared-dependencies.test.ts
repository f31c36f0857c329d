import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'build', '.cache']);
const KYROS_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](@kyros\/[a-z-]+)/g;

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED_DIRS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** `@kyros/*` packages a workspace imports but does not declare in its package.json. */
function undeclaredImports(workspace: string): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, workspace, 'package.json'), 'utf8'),
  ) as PackageJson;
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ]);
  const missing = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, workspace))) {
    for (const match of readFileSync(file, 'utf8').matchAll(KYROS_IMPORT)) {
      const name = match[1];
      if (name && !declared.has(name)) missing.add(`${path.relative(ROOT, file)} → ${name}`);
    }
  }
  return [...missing];
}

const rootManifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  workspaces: string[];
};

describe('every @kyros/* import is declared in its package.json', () => {
  it.each(rootManifest.workspaces)('%s', (workspace) => {
    expect(undeclaredImports(workspace)).toEqual([]);
  });
});
