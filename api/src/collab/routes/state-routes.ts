import { StateKind, StateResponse, STATE_KINDS } from '@kyros/contracts/schemas/collab-state';
import { defineRoute, jsonContent, notModified, type Route } from '../../http/route.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import { ConditionalGetHeaders } from '../http/write-headers.ts';
import { readState } from '../operations/read-state.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

export function stateRoutes(store: CollabStore): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/collab/state/{kind}',
      role: 'viewer',
      tags: ['Collaboration'],
      summary: 'One kind of the collaboration store with its strong ETag',
      description:
        '`tasks`, `locks` and `agents` answer `{data, etag}` (the `{version, ...}` envelope); `log` answers `{text, etag}` with the Markdown of logs/log.md. Any other kind is 404.',
      params: {
        kind: {
          schema: StateKind,
          malformed: (kind: string) =>
            `There is no state kind ${JSON.stringify(kind)}; kinds are ${STATE_KINDS.join(', ')}`,
        },
      },
      headers: ConditionalGetHeaders,
      responses: {
        200: {
          description: 'The document and its ETag (also in the ETag header)',
          ...jsonContent(StateResponse),
        },
        ...notModified,
      },
      async handle({ params }, { req, res }) {
        const state = await readState(store, params.kind);
        sendWithEtag(req, res, state.etag, state);
      },
    }),
  ];
}
