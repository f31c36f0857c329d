import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors/app-error.ts';
import { isTempFileOf, replaceFileAtomically } from '../store/atomic-file-writer.ts';

export const HUMAN_LOG_PATH = 'logs/log.md';

/**
 * `logs/log.md`, which only "Generate human log" writes. Each section is added by replacing the
 * whole file (temp file, fsync, rename, directory fsync) rather than by appending: a reader —
 * `GET /collab/state/log`, or a person with the repository open — sees the old file or the new
 * one, never half a section, and a failed write leaves the file as it was, like every other
 * collaboration file. The file is human-sized and written on request, so rewriting it is cheap.
 */
export class HumanLogFile {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(readonly file: string) {}

  /** Removes temp files a crash left behind; they never replaced the log, so nothing is lost. */
  static async open(collabDir: string): Promise<HumanLogFile> {
    const file = path.join(collabDir, HUMAN_LOG_PATH);
    await mkdir(path.dirname(file), { recursive: true });
    for (const name of await readdir(path.dirname(file))) {
      if (isTempFileOf(name, path.basename(file))) {
        await rm(path.join(path.dirname(file), name), { force: true });
      }
    }
    return new HumanLogFile(file);
  }

  /** Appends one section; sections are written one at a time, in call order. */
  append(section: string): Promise<void> {
    const written = this.tail.then(() => this.replaceWith(section));
    // The chain only orders writes; each caller gets its own write's failure through `written`.
    this.tail = written.catch(() => undefined);
    return written;
  }

  private async replaceWith(section: string): Promise<void> {
    try {
      const current = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      const separator =
        current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
      await replaceFileAtomically(this.file, current + separator + section);
    } catch (error) {
      const failure = new AppError(
        'unavailable',
        `Could not write ${HUMAN_LOG_PATH}; it is unchanged. Retry later.`,
      );
      // Logged with the 503 by the problem middleware, never shown to the client.
      failure.cause = error;
      throw failure;
    }
  }
}
