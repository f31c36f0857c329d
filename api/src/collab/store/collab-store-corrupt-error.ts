/** A state file that cannot be trusted; start-up stops rather than replace it. */
export class CollabStoreCorruptError extends Error {
  override name = 'CollabStoreCorruptError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Collaboration store file ${file} is unreadable: ${reason}. Fix or restore it; it was left untouched.`,
    );
  }
}
