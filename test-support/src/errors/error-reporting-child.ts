// A process that starts as the API does, up to error reporting: its whole module graph loaded
// (api/src/server.ts and everything below it), then startErrorReporting from its environment.
import { loadConfig } from '@kyros/contracts/config';
import { startErrorReporting } from '@kyros/contracts/error-reporting';

await import('@kyros/api/server');
const reporter = await startErrorReporting({
  sentry: loadConfig(process.env).sentry,
  service: 'api',
});
console.log(JSON.stringify({ reporting: reporter !== undefined }));
