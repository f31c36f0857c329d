import { z } from 'zod';
import { AgentsDocumentSchema } from './collab-agents.ts';
import { LocksDocumentSchema } from './collab-leases.ts';
import { TasksDocumentSchema } from './collab-tasks.ts';

/** The only kinds `GET /collab/state/{kind}` serves; anything else is a 404. */
export const STATE_KINDS = ['tasks', 'locks', 'agents', 'log'] as const;
export const StateKind = z.enum(STATE_KINDS).meta({ id: 'StateKind' });
export type StateKind = z.infer<typeof StateKind>;

/** The JSON documents of the store, each a `{ version, ...data }` envelope. */
export const DOCUMENT_KINDS = ['tasks', 'locks', 'agents'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const TasksStateResponse = z
  .strictObject({ data: TasksDocumentSchema, etag: z.string() })
  .meta({ id: 'TasksState' });
export const LocksStateResponse = z
  .strictObject({ data: LocksDocumentSchema, etag: z.string() })
  .meta({ id: 'LocksState' });
export const AgentsStateResponse = z
  .strictObject({ data: AgentsDocumentSchema, etag: z.string() })
  .meta({ id: 'AgentsState' });
export const LogStateResponse = z
  .strictObject({
    text: z.string().describe('The Markdown of `logs/log.md`.'),
    etag: z
      .string()
      .describe('"<byte length>-<digest>": the log only grows, so its length is monotonic.'),
  })
  .meta({ id: 'LogState' });

export const StateResponse = z
  .union([TasksStateResponse, LocksStateResponse, AgentsStateResponse, LogStateResponse])
  .meta({ id: 'StateResponse' });

export const STATE_RESPONSE_BY_KIND = {
  tasks: TasksStateResponse,
  locks: LocksStateResponse,
  agents: AgentsStateResponse,
  log: LogStateResponse,
} as const;

export type StateResponseOf<K extends StateKind> = z.infer<(typeof STATE_RESPONSE_BY_KIND)[K]>;

/** The response schema of one kind, typed by the kind (TypeScript cannot narrow the lookup itself). */
export function stateResponseSchema<K extends StateKind>(kind: K): z.ZodType<StateResponseOf<K>> {
  return STATE_RESPONSE_BY_KIND[kind] as unknown as z.ZodType<StateResponseOf<K>>;
}
