import { z } from 'zod';
import { EXECUTOR_NAMES, type ExecutorName } from './executors.ts';

/**
 * The tools contract (docs/TOOLS.md): every allowlisted executor and flow is a row of the
 * `tools` table with an `enabled` switch and its options. The allowlist stays in code
 * (`EXECUTOR_NAMES`); the table can only narrow it.
 */

/**
 * Prettier options an admin may set for `docs/format`; they apply on top of the workspace's own
 * Prettier config. Only options that change Markdown output are offered.
 */
const PrettierOptions = z.strictObject({
  printWidth: z.int().min(40).max(200).optional().describe('Line length Prettier aims for.'),
  proseWrap: z
    .enum(['always', 'never', 'preserve'])
    .optional()
    .describe('Wrap prose at printWidth (always), unwrap it (never) or leave it as written.'),
  tabWidth: z.int().min(1).max(8).optional().describe('Spaces per indentation level.'),
  useTabs: z.boolean().optional().describe('Indent with tabs instead of spaces.'),
  endOfLine: z.enum(['lf', 'crlf', 'cr', 'auto']).optional().describe('Line endings written.'),
});

/** Each tool's options; a tool without options takes only `{}`. */
export const ToolConfigSchemas = {
  'docs/format': PrettierOptions,
  lint: z.strictObject({}),
  'docs/changelog': z.strictObject({}),
  'flow/summarize-docs': z.strictObject({}),
} as const satisfies Record<ExecutorName, z.ZodType>;

export type ToolConfig<N extends ExecutorName = ExecutorName> = z.output<
  (typeof ToolConfigSchemas)[N]
>;

/** What each tool does, seeded into `tools.description`. */
export const TOOL_DESCRIPTIONS: Record<ExecutorName, string> = {
  'docs/format': 'Formats Markdown files with Prettier.',
  lint: 'Runs ESLint on the workspace and writes a report.',
  'docs/changelog': 'Writes a changelog from conventional commits.',
  'flow/summarize-docs': 'LangGraph flow: summarises Markdown docs into one file.',
};

export const ToolName = z
  .enum(EXECUTOR_NAMES as [ExecutorName, ...ExecutorName[]])
  .meta({ id: 'ToolName', description: 'An allowlisted executor or flow.' });

export const ToolKind = z.enum(['executor', 'flow']);
export type ToolKind = z.infer<typeof ToolKind>;

export const ToolSchema = z
  .strictObject({
    name: ToolName,
    kind: ToolKind,
    description: z.string(),
    enabled: z.boolean().describe('A task whose executor is disabled cannot run (409).'),
    config: z
      .record(z.string(), z.unknown())
      .describe("The tool's options; their schema is `config_schema`."),
    config_schema: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema of `config`, for forms.'),
    version: z.int().nonnegative(),
    etag: z.string().describe('Send it as If-Match to change the tool.'),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Tool' });
export type Tool = z.infer<typeof ToolSchema>;

export const ToolListResponse = z
  .strictObject({ items: z.array(ToolSchema) })
  .meta({ id: 'ToolListResponse' });
export type ToolListResponse = z.infer<typeof ToolListResponse>;

/** `config` replaces the whole config and is validated with the tool's own schema. */
export const UpdateToolRequest = z
  .strictObject({
    enabled: z.boolean().optional(),
    config: z.record(z.string().max(100), z.unknown()).optional(),
  })
  .refine((body) => body.enabled !== undefined || body.config !== undefined, {
    message: 'send enabled, config or both',
  })
  // The refine, as the document states it.
  .meta({ id: 'UpdateToolRequest', minProperties: 1 });
export type UpdateToolRequest = z.infer<typeof UpdateToolRequest>;

/** Whether a name is a flow (`flow/<name>`, run by LangGraph) or a plain executor. */
export function toolKind(name: ExecutorName): ToolKind {
  return name.startsWith('flow/') ? 'flow' : 'executor';
}

/** Validates a tool's options with its own schema. */
export function parseToolConfig(
  name: ExecutorName,
  config: unknown,
): ReturnType<(typeof ToolConfigSchemas)[ExecutorName]['safeParse']> {
  return ToolConfigSchemas[name].safeParse(config);
}

/** A tool's options as JSON Schema (`config_schema`), for forms. */
export function toolConfigJsonSchema(name: ExecutorName): Record<string, unknown> {
  return z.toJSONSchema(ToolConfigSchemas[name], { io: 'input' });
}
