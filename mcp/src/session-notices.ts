import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { resourcesChangedBy } from './kyros-resources.ts';
import type { KyrosPort } from './kyros-port.ts';

/**
 * What a session hears without asking: resource updates for the URIs it subscribed to, and — the
 * point — a warning when one of its own leases is lost (reclaimed, or released by an admin), with
 * `kyros://leases/mine` updated. Both are driven by the event log's tail (in process, or SSE over
 * HTTP for stdio). Returns the function that stops following.
 */
export function followSessionNotices(
  server: McpServer,
  port: KyrosPort,
  onError: (error: unknown) => void,
): () => void {
  const subscribed = new Set<string>();
  server.server.setRequestHandler(SubscribeRequestSchema, (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
  let stop: (() => void) | undefined;
  let stopped = false;
  port.actingIdentity().then((identity) => {
    if (stopped) return;
    stop = port.followEvents({}, (event) => {
      notify(server, event, identity, subscribed).catch(onError);
    });
  }, onError);
  return () => {
    stopped = true;
    stop?.();
  };
}

async function notify(
  server: McpServer,
  event: CollabEvent,
  identity: string,
  subscribed: ReadonlySet<string>,
): Promise<void> {
  if (!server.isConnected()) return;
  for (const uri of resourcesChangedBy(event, identity)) {
    if (subscribed.has(uri)) await server.server.sendResourceUpdated({ uri });
  }
  if (event.event === 'lease_lost' && event.target === identity) {
    await server.sendLoggingMessage({
      level: 'warning',
      logger: 'kyros.leases',
      data: {
        message: `Your lease ${String(event.details.lock_id)} on ${String(event.details.resource)} was lost (${String(event.details.reason)}). Stop changing those files; claim again before continuing.`,
        event,
      },
    });
  }
}
