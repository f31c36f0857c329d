import type {
  EventId,
  EventStore,
  StreamId,
} from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * Resumability for one MCP session (Streamable HTTP, spec 2025-06-18 §resumability): the last
 * `capacity` messages sent on its SSE streams, so a client that reconnects with `Last-Event-ID`
 * gets what it missed. In memory: a session lives on one API replica.
 */
export class McpEventStore implements EventStore {
  readonly #messages: { id: EventId; streamId: StreamId; message: JSONRPCMessage }[] = [];
  #sequence = 0;

  constructor(private readonly capacity = 1_000) {}

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    this.#sequence += 1;
    const id = `${streamId}_${this.#sequence}`;
    this.#messages.push({ id, streamId, message });
    if (this.#messages.length > this.capacity) this.#messages.shift();
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.#messages.find((stored) => stored.id === eventId)?.streamId);
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const index = this.#messages.findIndex((stored) => stored.id === lastEventId);
    const last = this.#messages[index];
    if (!last) return '';
    for (const stored of this.#messages.slice(index + 1)) {
      if (stored.streamId === last.streamId) await send(stored.id, stored.message);
    }
    return last.streamId;
  }
}
