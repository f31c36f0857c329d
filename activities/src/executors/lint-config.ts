import js from '@eslint/js';
import type { Linter } from 'eslint';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { findWorkspaceFile } from '../workspace/find-workspace-file.ts';

const ESLINT_CONFIG_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'];

/** The workspace root's own flat config file, or null when it has none. */
export function findWorkspaceEslintConfig(workspaceRoot: string): Promise<string | null> {
  return findWorkspaceFile(workspaceRoot, ESLINT_CONFIG_FILES);
}

/**
 * For a workspace without its own config: `js.configs.recommended` everywhere, and the
 * typescript-eslint parser with its recommended rules (no type information, which would need a
 * tsconfig the workspace may not have) for TypeScript files.
 */
export function defaultLintConfig(): Linter.Config[] {
  const typescriptFiles = ['**/*.{ts,tsx,mts,cts}'];
  return [
    { ignores: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**'] },
    {
      ...js.configs.recommended,
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        globals: { ...globals.node, ...globals.browser },
      },
    },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    ...tseslint.configs.recommended.map((config) => {
      const flat = config as Linter.Config;
      return { ...flat, files: flat.files ?? typescriptFiles };
    }),
  ];
}
