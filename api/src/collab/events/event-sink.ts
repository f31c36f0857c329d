import type { CollabEvent, NewEvent } from '@kyros/contracts/schemas/collab-events';

/**
 * Where the collaboration store reports what happened. The event log implements it; an append
 * resolves only once the event is durable (fsynced), so an acknowledged write's events survive a
 * crash.
 */
export interface EventSink {
  append(event: NewEvent): Promise<CollabEvent>;
}
