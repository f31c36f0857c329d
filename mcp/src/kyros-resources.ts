import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { KyrosPort } from './kyros-port.ts';

export const RESOURCE_URIS = {
  tasks: 'kyros://tasks',
  task: (id: string) => `kyros://tasks/${id}`,
  leases: 'kyros://leases',
  myLeases: 'kyros://leases/mine',
  recentEvents: 'kyros://events/recent',
} as const;

const RECENT_EVENTS = 50;

/** The board, the leases (all, and the session's own) and the newest events, as JSON resources. */
export function registerKyrosResources(server: McpServer, port: KyrosPort): void {
  const json = (uri: URL, value: unknown) => ({
    contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value) }],
  });
  server.registerResource(
    'tasks',
    RESOURCE_URIS.tasks,
    {
      title: 'Task board',
      description: 'Every task with the board ETag.',
      mimeType: 'application/json',
    },
    async (uri) => json(uri, await port.readTasks()),
  );
  server.registerResource(
    'task',
    new ResourceTemplate('kyros://tasks/{id}', { list: undefined }),
    { title: 'One task', description: 'A task with its ETag.', mimeType: 'application/json' },
    async (uri, { id }) => json(uri, await port.getTask(String(id))),
  );
  server.registerResource(
    'leases',
    RESOURCE_URIS.leases,
    { title: 'Leases', description: 'Every lease, live or stale.', mimeType: 'application/json' },
    async (uri) => json(uri, await port.readLeases()),
  );
  server.registerResource(
    'my-leases',
    RESOURCE_URIS.myLeases,
    {
      title: 'My leases',
      description: 'The leases this session holds; updated when one is lost.',
      mimeType: 'application/json',
    },
    async (uri) => {
      const [identity, { data }] = await Promise.all([port.actingIdentity(), port.readLeases()]);
      return json(uri, {
        holder: identity,
        leases: data.leases.filter((lease) => lease.holder === identity),
      });
    },
  );
  server.registerResource(
    'recent-events',
    RESOURCE_URIS.recentEvents,
    {
      title: 'Recent events',
      description: `The newest ${RECENT_EVENTS} events, oldest first.`,
      mimeType: 'application/json',
    },
    async (uri) => json(uri, await port.latestEvents({ limit: RECENT_EVENTS })),
  );
}

/** The resources an event changes, for `notifications/resources/updated`. */
export function resourcesChangedBy(event: CollabEvent, identity: string): string[] {
  const uris: string[] = [RESOURCE_URIS.recentEvents];
  if (event.event.startsWith('task_'))
    uris.push(RESOURCE_URIS.tasks, RESOURCE_URIS.task(event.target));
  if (event.event.startsWith('lease_')) {
    uris.push(RESOURCE_URIS.leases);
    if (event.details.agent === identity || event.target === identity) {
      uris.push(RESOURCE_URIS.myLeases);
    }
  }
  return uris;
}
