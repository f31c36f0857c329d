/** True for the ENOENT a missing file or directory raises; other errors are real failures. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
