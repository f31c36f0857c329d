import { ApiError, createKyrosClient } from '@kyros/contracts/client/kyros-client';
import type { CollabEvent, EventFilter } from '@kyros/contracts/schemas/collab-events';
import { KyrosProblemError, type KyrosPort } from './kyros-port.ts';

/** How long the event follower waits before it reconnects a dropped SSE tail. */
const FOLLOW_RETRY_MS = 1_000;

/**
 * The {@link KyrosPort} over HTTP, for the stdio server: every call goes through the one typed
 * client, as the session's credential, and every refusal keeps the API's problem+json.
 */
export function clientPort(options: {
  baseUrl: string;
  credential: string;
  fetch?: typeof fetch;
  /** Told when the event tail drops; it reconnects by itself. */
  onFollowError?: (error: unknown) => void;
}): KyrosPort {
  const client = createKyrosClient({
    baseUrl: options.baseUrl,
    credential: options.credential,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { collab, taskRuns, jobs } = client;
  let identity: Promise<string> | undefined;
  const port: KyrosPort = {
    actingIdentity() {
      identity ??= client.auth.me().then((me) => me.acts_as);
      return identity;
    },
    readTasks: () => collab.getState('tasks'),
    getTask: (id) => collab.getTask(id),
    createTask: (request) => collab.createTask(request),
    patchTask: (id, patch, write) =>
      collab.patchTask(id, patch, {
        ifMatch: write.ifMatch,
        ...(write.fencingToken === undefined ? {} : { fencingToken: write.fencingToken }),
      }),
    transitionTask: (id, request, write) =>
      collab.transitionTask(
        id,
        { to: request.to, ...(request.reason === undefined ? {} : { reason: request.reason }) },
        write.fencingToken === undefined ? {} : { fencingToken: write.fencingToken },
      ),
    nextTask: (filter) => collab.nextTask(filter.labels ? { labels: filter.labels } : {}),
    claimTask: (id, request) => collab.claimTask(id, request),
    readLeases: () => collab.getState('locks'),
    checkConflicts: (resources) => collab.checkConflicts(resources),
    heartbeatLease: (lockId, request) =>
      collab.heartbeatLease(
        lockId,
        request.ttl_seconds === undefined ? {} : { ttl_seconds: request.ttl_seconds },
      ),
    releaseLease: (lockId, request) =>
      collab.releaseLease(lockId, request.details ? { details: request.details } : {}),
    appendEvent: (request) => collab.appendEvent(request),
    readEvents: (options) => collab.listEvents(options),
    latestEvents: (options) => collab.latestEvents(options),
    followEvents: (filter, onEvent) =>
      followTail(collab, filter, onEvent, options.onFollowError ?? (() => undefined)),
    runTask: (id) => taskRuns.runTask(id),
    cancelTask: (id) => taskRuns.cancelTask(id),
    startJob: (request) => jobs.createJob(request),
    getJob: (id) => jobs.getJob(id),
    getVariant: (id) => jobs.getVariant(id),
    editVariant: (id, request, write) => jobs.updateVariant(id, request, write),
    acceptVariant: (jobId, variantId) => jobs.acceptVariant(jobId, variantId),
    exportVariant: (variantId) => jobs.exportVariant(variantId),
  };
  return withProblems(port);
}

/** Every `ApiError` becomes a {@link KyrosProblemError} with the same problem+json. */
function withProblems(port: KyrosPort): KyrosPort {
  const wrapped = { ...port };
  for (const key of Object.keys(port) as (keyof KyrosPort)[]) {
    if (key === 'followEvents') continue;
    const method = port[key] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[key] = (...args: unknown[]) =>
      method(...args).catch((error: unknown) => {
        throw error instanceof ApiError ? new KyrosProblemError(error.problem) : error;
      });
  }
  return wrapped;
}

/**
 * Follows the SSE tail from now on, resuming after the last event seen when the stream drops
 * (the server replays what was missed, so nothing is skipped), until stopped.
 */
function followTail(
  collab: ReturnType<typeof createKyrosClient>['collab'],
  filter: EventFilter,
  onEvent: (event: CollabEvent) => void,
  onError: (error: unknown) => void,
): () => void {
  const stop = new AbortController();
  let lastEventId: number | undefined;
  const follow = async () => {
    while (!stop.signal.aborted) {
      try {
        for await (const frame of collab.tailEvents({
          ...filter,
          signal: stop.signal,
          ...(lastEventId === undefined ? {} : { lastEventId }),
        })) {
          if (frame.type !== 'event') continue;
          lastEventId = frame.event.id;
          onEvent(frame.event);
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        // The API restarted or the network dropped: say so, then resume after the last event.
        onError(error);
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_RETRY_MS));
    }
  };
  void follow();
  return () => stop.abort();
}
