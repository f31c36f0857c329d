import type { FailureType } from '@kyros/contracts/failures';

// The class names are the failure types Temporal reports for them (see contracts/src/failures.ts).

/** Bad input (a glob escaping the root, an unknown executor): retrying cannot help. */
export class ExecutorInputError extends Error {
  override name = 'ExecutorInputError' satisfies FailureType;
}

/** A failure another attempt may not meet (an injected test failure, a busy resource). */
export class ExecutorTransientError extends Error {
  override name = 'ExecutorTransientError' satisfies FailureType;
}
