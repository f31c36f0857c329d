import {
  ClaimTaskResponse,
  ConflictsResponse,
  NextTaskResponse,
  type ClaimTaskRequest,
} from '../schemas/collab-dispatch.ts';
import { segment, type RequestCore } from './request-core.ts';

/** Conflict-aware dispatch: the next free task, claiming it with its leases, overlap checks. */
export function createDispatchSection(core: RequestCore) {
  return {
    nextTask(filter: { labels?: string[] } = {}) {
      return core.json('GET', '/collab/tasks/next', NextTaskResponse, {
        query: { labels: filter.labels?.join(',') },
      });
    },
    claimTask(id: string, request: ClaimTaskRequest = {}) {
      return core.json('POST', `/collab/tasks/${segment(id)}/claim`, ClaimTaskResponse, {
        body: request,
      });
    },
    /** Which live leases overlap these paths or globs. */
    checkConflicts(resources: string[]) {
      const query = new URLSearchParams(
        resources.map((resource): [string, string] => ['resource', resource]),
      );
      return core.json('GET', `/collab/leases/conflicts?${query.toString()}`, ConflictsResponse);
    },
  };
}
