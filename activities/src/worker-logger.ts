import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { KyrosConfig } from '@kyros/contracts/config';

const LEVELS: Record<KyrosConfig['logLevel'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/** The Temporal SDK's logs as JSON lines, in the same shape as the API's pino logs. */
export function createWorkerLogger(level: KyrosConfig['logLevel']): DefaultLogger {
  return new DefaultLogger(LEVELS[level], (entry: LogEntry) => {
    if (level === 'silent') return;
    console.log(
      JSON.stringify({
        level: entry.level.toLowerCase(),
        time: Number(entry.timestampNanos / 1_000_000n),
        name: 'worker',
        msg: entry.message,
        ...entry.meta,
      }),
    );
  });
}
