import { writeFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { startupCredentials } from '@kyros/api/bootstrap';

// docker compose's `worker-key` step: what npm start does for its worker and its terminal daemon,
// for containers. Mints a fresh `agent` service key named `worker` (revoking the previous one; it
// acts only as `workflow:<id>`, ADR 0008) and writes it to the file named on the command line (mode
// 0600), on a volume only this step and the worker mount; with a second file, also the terminal
// daemon's key (`terminal-daemon`, acting as `api_key:terminal-daemon`; docs/TERMINAL.md).
const [outFile, terminalOutFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: mint-service-key-cli.ts <worker key file> [<terminal daemon key file>]');
  process.exit(2);
}
const config = loadConfigOrExit(process.env);
if (!config.database.url) {
  console.error('Invalid configuration: DATABASE_URL must be set to mint a service key');
  process.exit(1);
}
const { serviceKeys } = await startupCredentials({
  config,
  databaseUrl: config.database.url,
  generateDevAdmin: false,
  serviceKeys: [
    { name: 'worker', role: 'agent' },
    ...(terminalOutFile
      ? [{ name: 'terminal-daemon', role: 'agent' as const, service: false }]
      : []),
  ],
});
const key = serviceKeys.worker;
if (!key) throw new Error('no service key was minted');
await writeFile(outFile, key, { mode: 0o600 });
console.log(`minted the worker's service key into ${outFile}`);
const terminalKey = serviceKeys['terminal-daemon'];
if (terminalOutFile && terminalKey) {
  await writeFile(terminalOutFile, terminalKey, { mode: 0o600 });
  console.log(`minted the terminal daemon's key into ${terminalOutFile}`);
}
