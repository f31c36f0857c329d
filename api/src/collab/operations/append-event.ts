import type { AppendEventRequest, CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { actingForDetails, type ActingIdentity } from '../../auth/acting-identity.ts';
import type { EventSink } from '../events/event-sink.ts';

/**
 * Appends one event as the identity the credential acts as (docs/adr/0008); an admin acting for
 * someone else is recorded in the details. Resolves once the event is durable.
 */
export function appendEvent(options: {
  log: EventSink;
  request: Omit<AppendEventRequest, 'actor' | 'acting_for'>;
  identity: ActingIdentity;
}): Promise<CollabEvent> {
  const { log, request, identity } = options;
  return log.append({
    ...request,
    actor: identity.actor,
    details: { ...request.details, ...actingForDetails(identity) },
  });
}
