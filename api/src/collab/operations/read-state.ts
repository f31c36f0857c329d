import type { StateKind, StateResponseOf } from '@kyros/contracts/schemas/collab-state';
import type { CollabStore } from '../store/open-collab-store.ts';

/** One kind's whole document (or the log's text) with its ETag. */
export async function readState(
  store: CollabStore,
  kind: StateKind,
): Promise<StateResponseOf<StateKind>> {
  switch (kind) {
    case 'log':
      return store.readLog();
    case 'tasks':
      return { data: store.tasks.doc, etag: store.tasks.etag };
    case 'locks':
      return { data: store.locks.doc, etag: store.locks.etag };
    case 'agents':
      return { data: store.agents.doc, etag: store.agents.etag };
  }
}
