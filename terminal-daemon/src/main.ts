import http from 'node:http';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';

// Placeholder until the terminal issue: answers health checks only.
const config = loadConfigOrExit(process.env);
// Uncaught errors go to Sentry when SENTRY_DSN is set (docs/DEPLOYMENT.md); nothing loads otherwise.
await startErrorReporting({ sentry: config.sentry, service: 'terminal' });
const server = http.createServer((req, res) => {
  const status = req.url === '/healthz' ? 200 : 501;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify(
      status === 200 ? { status: 'ok', placeholder: true } : { error: 'not implemented yet' },
    ),
  );
});
server.listen(config.terminal.port, config.bindHost, () => {
  console.log(
    JSON.stringify({
      level: 'info',
      name: 'terminal-daemon',
      msg: 'listening (placeholder)',
      port: config.terminal.port,
    }),
  );
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
