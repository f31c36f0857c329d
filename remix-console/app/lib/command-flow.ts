import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

/**
 * The Channels page's command-flow view as a pure reducer: every `channel_command` event is one
 * trip channel → parse → operation → result. The view draws the counts as edges and replays the
 * newest trip as a pulse along its path.
 */

export type FlowOutcome = 'ok' | 'refused' | 'failed';

export interface FlowTrip {
  /** The event's id: trips are keyed and ordered by it. */
  id: number;
  ts: string;
  channel: string;
  actor: string;
  /** The parsed command's name; null when the text could not be read. */
  command: string | null;
  outcome: FlowOutcome;
  code?: string;
  latencyMs?: number;
}

export interface CommandFlow {
  /** The newest event applied; older or repeated ids are ignored (replays, reconnects). */
  lastId: number;
  channels: Record<string, number>;
  /** Parsed into a command, or refused by the parser (or a disabled channel). */
  parse: { parsed: number; unreadable: number };
  operations: Record<string, number>;
  results: Record<FlowOutcome, number>;
  /** Trips along each edge of the graph, keyed `from→to` with the node names of `tripPath`. */
  edges: Record<string, number>;
  /** Newest first, at most `RECENT`. */
  recent: FlowTrip[];
}

export const RECENT = 12;

export const EMPTY_FLOW: CommandFlow = {
  lastId: 0,
  channels: {},
  parse: { parsed: 0, unreadable: 0 },
  operations: {},
  results: { ok: 0, refused: 0, failed: 0 },
  edges: {},
  recent: [],
};

/** The trip a `channel_command` event records, or undefined for any other event. */
export function tripOf(event: CollabEvent): FlowTrip | undefined {
  if (event.event !== 'channel_command') return undefined;
  const { details } = event;
  const outcome = details.outcome;
  if (outcome !== 'ok' && outcome !== 'refused' && outcome !== 'failed') return undefined;
  const channel =
    typeof details.channel === 'string' ? details.channel : event.target.replace(/^channel:/, '');
  return {
    id: event.id,
    ts: event.ts,
    channel,
    actor: event.actor,
    command: typeof details.command === 'string' ? details.command : null,
    outcome,
    ...(typeof details.code === 'string' ? { code: details.code } : {}),
    ...(typeof details.latency_ms === 'number' ? { latencyMs: details.latency_ms } : {}),
  };
}

export function applyFlowEvent(flow: CommandFlow, event: CollabEvent): CommandFlow {
  if (event.id <= flow.lastId) return flow;
  const trip = tripOf(event);
  if (!trip) return { ...flow, lastId: event.id };
  const bump = (counts: Record<string, number>, key: string) => ({
    ...counts,
    [key]: (counts[key] ?? 0) + 1,
  });
  return {
    lastId: event.id,
    channels: bump(flow.channels, trip.channel),
    parse:
      trip.command === null
        ? { ...flow.parse, unreadable: flow.parse.unreadable + 1 }
        : { ...flow.parse, parsed: flow.parse.parsed + 1 },
    operations: trip.command === null ? flow.operations : bump(flow.operations, trip.command),
    results: { ...flow.results, [trip.outcome]: flow.results[trip.outcome] + 1 },
    edges: tripEdges(trip).reduce(bump, flow.edges),
    recent: [trip, ...flow.recent].slice(0, RECENT),
  };
}

/** The flow of a list of events in any order (the loader's recent ones), oldest applied first. */
export function flowOf(events: readonly CollabEvent[], start: CommandFlow = EMPTY_FLOW) {
  return [...events].sort((a, b) => a.id - b.id).reduce(applyFlowEvent, start);
}

/** The nodes a trip passes, as the view names them: `channel:api`, `parse`, `op:claim`, `result:ok`. */
export function tripPath(trip: FlowTrip): string[] {
  return [
    `channel:${trip.channel}`,
    trip.command === null ? 'parse:unreadable' : 'parse',
    ...(trip.command === null ? [] : [`op:${trip.command}`]),
    `result:${trip.outcome}`,
  ];
}

/** The edges a trip travels, `from→to`. */
export function tripEdges(trip: FlowTrip): string[] {
  const path = tripPath(trip);
  return path.slice(1).map((node, index) => `${path[index] ?? ''}→${node}`);
}
