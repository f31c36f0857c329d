import { replaceFileAtomically } from '@kyros/durable-files/atomic-write';

// The one implementation lives in @kyros/durable-files, shared with the worker's executors.
export {
  isTempFileOf,
  replaceFileAtomically,
  syncDirectory,
} from '@kyros/durable-files/atomic-write';

/** Replaces a file so that a crash at any instant leaves the old content or the new, never a mix. */
export interface FileWriter {
  replace(file: string, content: string): Promise<void>;
}

export const atomicFileWriter: FileWriter = { replace: replaceFileAtomically };
