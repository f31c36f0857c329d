// A public entry of the API (`@kyros/api/event-log`, package.json `exports`): the collaboration
// event log on its own, for measuring its group commit in-process (bench:collab's baseline). Only
// the running API may open the log of a live collaboration directory.
export { EventLog } from './collab/events/event-log.ts';
