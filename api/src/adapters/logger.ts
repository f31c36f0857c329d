import { pino, type Logger } from 'pino';
import type { KyrosConfig } from '@kyros/contracts/config';

/** JSON logs on stdout, one object per line, for every API component. */
export function createLogger(config: Pick<KyrosConfig, 'logLevel'>): Logger {
  return pino({
    name: 'api',
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
