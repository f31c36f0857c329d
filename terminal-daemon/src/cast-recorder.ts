import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  castHeaderLine,
  castOutputLine,
  castResizeLine,
  type CastHeader,
} from './domain/asciicast.ts';

/** One session's asciicast v2 file, appended as output happens. */
export class CastRecorder {
  private readonly started = performance.now();

  private constructor(
    readonly file: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(dir: string, sessionId: string, header: CastHeader): Promise<CastRecorder> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${sessionId}.cast`);
    // Recordings hold whatever was on screen: readable by the daemon's user alone.
    const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    const recorder = new CastRecorder(file, stream);
    stream.write(castHeaderLine(header));
    return recorder;
  }

  output(data: string): void {
    this.stream.write(castOutputLine(performance.now() - this.started, data));
  }

  resize(cols: number, rows: number): void {
    this.stream.write(castResizeLine(performance.now() - this.started, cols, rows));
  }

  /** Resolves once every line is flushed to the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
