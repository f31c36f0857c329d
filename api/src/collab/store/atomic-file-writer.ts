import type { FileHandle } from 'node:fs/promises';
import { replaceFileAtomically, replaceFilesAtomically } from '@kyros/durable-files/atomic-write';

// The one implementation lives in @kyros/durable-files, shared with the worker's executors.
export {
  isTempFileOf,
  replaceFileAtomically,
  replaceFilesAtomically,
  syncDirectory,
} from '@kyros/durable-files/atomic-write';

/**
 * Every durable write the store makes, injectable so tests can make the disk refuse them.
 * `replace`/`replaceMany` leave the old content or the new, never a mix; `append` writes at
 * `position` of an open log and resolves once it is fsynced.
 */
export interface FileWriter {
  replace(file: string, content: string): Promise<void>;
  replaceMany(dir: string, files: readonly { name: string; content: string }[]): Promise<void>;
  append(log: FileHandle, bytes: Buffer, position: number): Promise<void>;
}

export const atomicFileWriter: FileWriter = {
  replace: replaceFileAtomically,
  replaceMany: (dir, files) => replaceFilesAtomically(dir, files),
  async append(log, bytes, position) {
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await log.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
    await log.sync();
  },
};
