import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { createKyrosClient } from '@kyros/contracts/client';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';
import { createTerminalDaemon } from './terminal-daemon.ts';

// The terminal daemon (docs/TERMINAL.md). `npm start` runs it with its own API key in
// KYROS_API_KEY; it binds to KYROS_BIND_HOST (loopback by default).
const config = loadConfigOrExit(process.env);
const logger = pino({ name: 'terminal-daemon', level: config.logLevel });
// Uncaught errors go to Sentry when SENTRY_DSN is set (docs/DEPLOYMENT.md); nothing loads otherwise.
await startErrorReporting({
  sentry: config.sentry,
  service: 'terminal',
  secrets: [config.auth.apiKey],
});
if (!config.auth.apiKey) {
  console.error(
    'Invalid configuration: KYROS_API_KEY must be set to the terminal daemon’s API key (npm start mints one)',
  );
  process.exit(1);
}
const daemon = createTerminalDaemon({
  api: createKyrosClient({ baseUrl: config.api.url, credential: config.auth.apiKey }),
  settings: {
    allowedOrigins: config.terminal.allowedOrigins,
    idleMs: config.terminal.idleMs,
    graceMs: config.terminal.graceMs,
    maxSessionsPerUser: config.terminal.maxSessionsPerUser,
    shell: config.terminal.shell ?? (existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh'),
    workspaceRoot: config.workspaceRoot,
    castsDir: config.terminal.castsDir,
    castRetentionDays: config.terminal.castRetentionDays,
    scrollbackBytes: 256 * 1024,
  },
  inheritedEnv: process.env,
  logger,
});
daemon.server.listen(config.terminal.port, config.bindHost, () => {
  logger.info(
    { port: config.terminal.port, origins: config.terminal.allowedOrigins },
    'terminal daemon listening',
  );
});
const stop = () => {
  void daemon.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
