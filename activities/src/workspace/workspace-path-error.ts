/** A path or glob that would reach outside the workspace root; always the caller's bad input. */
export class WorkspacePathError extends Error {
  override name = 'WorkspacePathError';
}
