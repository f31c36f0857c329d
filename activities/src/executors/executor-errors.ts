/** Bad input (a glob escaping the root, an unknown executor): retrying cannot help. */
export class ExecutorInputError extends Error {
  override name = 'ExecutorInputError';
}

/** A failure another attempt may not meet (an injected test failure, a busy resource). */
export class ExecutorTransientError extends Error {
  override name = 'ExecutorTransientError';
}
