import { z } from 'zod';

/**
 * The rule for a path or glob an executor reads or writes (docs/TOOLS.md): relative to
 * WORKSPACE_ROOT and unable to leave it. One function, applied where a task is created or patched
 * (the zod schema below, a 400) and again by the executor before it touches the disk
 * (activities/src/workspace/confine-path.ts), so a task that could escape never gets stored.
 * Returns why the input is refused, or undefined when it is acceptable.
 */
export function workspacePathProblem(input: string): string | undefined {
  if (input.length === 0) return 'is empty';
  if (input.includes('\0')) return 'contains a NUL byte';
  if (input.includes('\\')) return 'contains a backslash';
  if (input.startsWith('/') || /^[a-zA-Z]:/.test(input) || input.startsWith('~')) {
    return `must be relative to the workspace root: ${input}`;
  }
  // Also inside braces, as in `{..,x}/**`.
  if (/(^|[/{,])\.\.($|[/},])/.test(input)) return `must not contain "..": ${input}`;
  return undefined;
}

/**
 * workspacePathProblem as a pattern, for the OpenAPI document only (a unit test holds the two
 * to the same verdicts); the schema itself applies the function.
 */
export const WORKSPACE_PATH_PATTERN = String.raw`^(?![A-Za-z]:)(?![/~])(?!(?:[\s\S]*[/{,])?\.\.(?:[/},]|$))[^\\\x00]+$`;

/** A workspace-relative path or glob, refused with workspacePathProblem's reason. */
export function workspacePath(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .superRefine((input, ctx) => {
      const problem = workspacePathProblem(input);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ pattern: WORKSPACE_PATH_PATTERN });
}
