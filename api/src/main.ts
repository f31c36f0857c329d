import { loadConfigOrExit, requireServices } from '@kyros/contracts/config';
import { EventLogCorruptError } from './collab/events/event-log-scanner.ts';
import { CollabStoreCorruptError } from './collab/store/open-collab-store.ts';
import { startApi, type RunningApi } from './server.ts';

// The API process entry point (`tsx api/src/main.ts`); npm start runs it under the supervisor.
const config = requireServices(loadConfigOrExit(process.env));
let api: RunningApi;
try {
  api = await startApi(config);
} catch (error) {
  // A corrupt collaboration file names itself; say so in one line instead of a stack trace.
  if (error instanceof CollabStoreCorruptError || error instanceof EventLogCorruptError) {
    console.error(`Cannot start the API: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const shutdown = () => {
  api.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
