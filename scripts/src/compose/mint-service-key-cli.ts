import { writeFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@kyros/contracts/config';
import { startupCredentials } from '@kyros/api/bootstrap';

// docker compose's `worker-key` step: what npm start does for its worker, for a container. Mints a
// fresh `agent` service key named `worker` (revoking the previous one; it acts only as
// `workflow:<id>`, ADR 0008) and writes it to the file named on the command line (mode 0600), on a
// volume only this step and the worker mount.
const [outFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: mint-service-key-cli.ts <file to write the key to>');
  process.exit(2);
}
const config = loadConfigOrExit(process.env);
if (!config.database.url) {
  console.error('Invalid configuration: DATABASE_URL must be set to mint a service key');
  process.exit(1);
}
const { serviceKey: key } = await startupCredentials({
  config,
  databaseUrl: config.database.url,
  generateDevAdmin: false,
  serviceKey: { name: 'worker', role: 'agent' },
});
if (!key) throw new Error('no service key was minted');
await writeFile(outFile, key, { mode: 0o600 });
console.log(`minted the worker's service key into ${outFile}`);
