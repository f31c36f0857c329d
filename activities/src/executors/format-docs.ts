import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import type { ExecutorArgsSchemas, ExecutorResult } from '@kyros/contracts/schemas/executors';
import type { ToolConfig } from '@kyros/contracts/schemas/tools';
import type { z } from 'zod';
import { realWorkspaceRoot } from '../workspace/confine-path.ts';
import { expandWorkspaceGlob } from '../workspace/expand-glob.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import type { ExecutorContext } from './executor-context.ts';
import { findWorkspacePrettierConfig } from './prettier-config.ts';

type FormatDocsArgs = z.output<(typeof ExecutorArgsSchemas)['docs/format']>;

const MARKDOWN = /\.(md|markdown|mdx)$/i;

/**
 * `docs/format`: Prettier on the Markdown files the glob selects, with the workspace's own
 * Prettier config and `.prettierignore`, and the tool's options (Settings › Tools) on top; only
 * files whose content changes are rewritten, so a retried attempt rewrites nothing that the first
 * one already formatted.
 */
export async function formatDocs(
  args: FormatDocsArgs,
  context: ExecutorContext,
  toolOptions: ToolConfig<'docs/format'> = {},
): Promise<ExecutorResult> {
  const { signal } = context;
  const workspaceRoot = await realWorkspaceRoot(context.workspaceRoot);
  const files = (await expandWorkspaceGlob(workspaceRoot, args.glob, signal)).filter((file) =>
    MARKDOWN.test(file.relative),
  );
  const configFile = await findWorkspacePrettierConfig(workspaceRoot);
  const ignorePath = path.join(workspaceRoot, '.prettierignore');
  const changed: string[] = [];
  let ignored = 0;
  for (const [index, file] of files.entries()) {
    signal.throwIfAborted();
    context.heartbeat({
      phase: 'format',
      done: index,
      total: files.length,
      message: file.relative,
    });
    const info = await prettier.getFileInfo(file.absolute, { ignorePath });
    if (info.ignored) {
      ignored += 1;
      continue;
    }
    const options = configFile
      ? await prettier.resolveConfig(file.absolute, { config: configFile, editorconfig: false })
      : null;
    const source = await readFile(file.absolute, 'utf8');
    const formatted = await prettier.format(source, {
      ...options,
      ...toolOptions,
      filepath: file.absolute,
    });
    if (formatted !== source) {
      signal.throwIfAborted();
      await writeFileAtomically(file.absolute, formatted);
      changed.push(file.relative);
    }
  }
  context.heartbeat({ phase: 'format', done: files.length, total: files.length });
  return {
    summary: `Formatted ${files.length} Markdown file(s); ${changed.length} changed.`,
    files_changed: changed,
    artifacts: [],
    details: {
      glob: args.glob,
      files_checked: files.length,
      files_ignored: ignored,
      config: configFile ? path.basename(configFile) : null,
      options: toolOptions,
    },
  };
}
