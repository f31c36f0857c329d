import { z } from 'zod';
import { workspacePath } from './workspace-path.ts';

/**
 * The safe executors a task may name (issue 4). Each has a strict argument schema; a task naming
 * an unknown executor or bad arguments is refused at creation (400), never at run time.
 * `flow/<name>` executors are LangGraph flows run inside an activity.
 */
const workspaceGlob = workspacePath(500).describe(
  'A glob relative to WORKSPACE_ROOT; `..` and absolute paths are refused.',
);
const workspaceFile = workspacePath(200).describe(
  'A file relative to WORKSPACE_ROOT; `..` and absolute paths are refused.',
);

export const ExecutorArgsSchemas = {
  'docs/format': z.strictObject({ glob: workspaceGlob.default('**/*.md') }),
  lint: z.strictObject({ glob: workspaceGlob.default('**/*.{js,mjs,cjs,ts,tsx}') }),
  'docs/changelog': z.strictObject({
    /** Git revision range to summarise, e.g. `v1.2.0..HEAD`; default: the whole history. */
    range: z
      .string()
      .min(1)
      .max(200)
      // No leading `-`: git must never read the range as an option.
      .regex(/^(?!-)[\w./~^-]+(\.\.[\w./~^-]+)?$/)
      .optional(),
    output: workspaceFile.default('CHANGELOG.md'),
  }),
  'flow/summarize-docs': z.strictObject({
    glob: workspaceGlob.default('docs/**/*.md'),
    output: workspaceFile.default('docs/SUMMARY.generated.md'),
  }),
} as const;

export type ExecutorName = keyof typeof ExecutorArgsSchemas;
export const EXECUTOR_NAMES = Object.keys(ExecutorArgsSchemas) as ExecutorName[];

/**
 * What a task stores: the executor's name and its arguments as given (defaults apply when it
 * runs). One strict branch per executor, so the OpenAPI document names each one's arguments and
 * refuses what the executor would refuse.
 */
export const ExecutorSpecSchema = z
  .discriminatedUnion(
    'name',
    EXECUTOR_NAMES.map((name) =>
      z.strictObject({ name: z.literal(name), args: argsAsGiven(ExecutorArgsSchemas[name]) }),
    ) as unknown as [ExecutorSpecBranch, ...ExecutorSpecBranch[]],
  )
  .meta({ id: 'ExecutorSpec', description: 'The safe executor a task runs, with its arguments.' });

type ExecutorSpecBranch = z.ZodObject<{
  name: z.ZodLiteral<ExecutorName>;
  args: z.ZodDefault<z.ZodObject>;
}>;

/** The argument schema with its defaults made optional: validated now, filled in at run time. */
function argsAsGiven(args: z.ZodObject) {
  const shape = Object.fromEntries(
    Object.entries(args.shape).map(([key, field]) => [
      key,
      field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType).optional() : field,
    ]),
  );
  return z.strictObject(shape).default({});
}

export type ExecutorSpec = z.infer<typeof ExecutorSpecSchema>;

/** What an executor reports back; stored in the `executor_succeeded` event's details. */
export const ExecutorResultSchema = z
  .strictObject({
    summary: z.string(),
    files_changed: z.array(z.string()),
    artifacts: z.array(z.string()),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ExecutorResult' });

export type ExecutorResult = z.infer<typeof ExecutorResultSchema>;

/** Heartbeat payload of a running executor (also what the task workflow's progress query shows). */
export const ExecutorProgressSchema = z.strictObject({
  phase: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().optional(),
  message: z.string().optional(),
});
export type ExecutorProgress = z.infer<typeof ExecutorProgressSchema>;
