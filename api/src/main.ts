import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import { startApi } from './server.ts';

// The API process entry point (`tsx api/src/main.ts`); npm start runs it under the supervisor.
const config = requireServices(loadConfigOrExit(process.env));
const api = await startApi(config);
const shutdown = () => {
  api.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
