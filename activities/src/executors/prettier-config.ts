import { findWorkspaceFile } from '../workspace/find-workspace-file.ts';

// Prettier's own search walks up past the workspace root; we only take a config that the
// workspace itself holds, so the result does not depend on where the workspace is checked out.
const PRETTIER_CONFIG_FILES = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.json5',
  '.prettierrc.toml',
  '.prettierrc.js',
  '.prettierrc.mjs',
  '.prettierrc.cjs',
  'prettier.config.js',
  'prettier.config.mjs',
  'prettier.config.cjs',
];

/** The absolute path of the workspace root's Prettier config file, or null for defaults. */
export function findWorkspacePrettierConfig(workspaceRoot: string): Promise<string | null> {
  return findWorkspaceFile(workspaceRoot, PRETTIER_CONFIG_FILES);
}
