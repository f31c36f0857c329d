import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { StateKind, StateResponse, STATE_KINDS } from '@kyros/contracts/schemas/collab-state';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { sendWithEtag } from '../http/etag-response.ts';
import { readState } from '../operations/read-state.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import {
  conditionalGetHeaders,
  jsonContent,
  notModified,
  problemResponse,
} from './openapi-parts.ts';

export function stateRoutes(store: CollabStore): Router {
  const router = Router();
  router.get('/collab/state/:kind', async (req, res) => {
    const kind = StateKind.safeParse(req.params.kind);
    if (!kind.success) {
      throw new AppError(
        'not_found',
        `There is no state kind ${JSON.stringify(req.params.kind)}; kinds are ${STATE_KINDS.join(', ')}`,
      );
    }
    const state = await readState(store, kind.data);
    sendWithEtag(req, res, state.etag, state);
  });
  return router;
}

export function registerStateOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/collab/state/{kind}',
    tags: ['Collaboration'],
    summary: 'One kind of the collaboration store with its strong ETag',
    description:
      '`tasks`, `locks` and `agents` answer `{data, etag}` (the `{version, ...}` envelope); `log` answers `{text, etag}` with the Markdown of logs/log.md. Any other kind is 404.',
    request: { params: z.object({ kind: StateKind }), headers: conditionalGetHeaders },
    responses: {
      200: {
        description: 'The document and its ETag (also in the ETag header)',
        ...jsonContent(StateResponse),
      },
      ...notModified,
      ...problemResponse,
    },
  });
}
