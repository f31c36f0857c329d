/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * JSON array per event, `[seconds since start, code, data]`. Only output ("o") and resizes ("r")
 * are recorded: input would record every password typed at a prompt.
 */
export interface CastHeader {
  width: number;
  height: number;
  /** Unix seconds when the session started. */
  timestamp: number;
  title: string;
  env: { SHELL: string; TERM: string };
}

export function castHeaderLine(header: CastHeader): string {
  return `${JSON.stringify({ version: 2, ...header })}\n`;
}

export function castOutputLine(elapsedMs: number, data: string): string {
  return `${JSON.stringify([seconds(elapsedMs), 'o', data])}\n`;
}

export function castResizeLine(elapsedMs: number, cols: number, rows: number): string {
  return `${JSON.stringify([seconds(elapsedMs), 'r', `${cols}x${rows}`])}\n`;
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
