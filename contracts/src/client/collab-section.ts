import {
  AgentListResponse,
  AgentResponse,
  PatchAgentResponse,
  type AgentHeartbeatRequest,
  type AgentMergePatch,
} from '../schemas/collab-agents.ts';
import {
  LeaseGrantResponse,
  ReclaimLeasesResponse,
  ReleaseLeaseResponse,
  type AcquireLeaseRequest,
  type HeartbeatLeaseRequest,
  type ReclaimLeasesRequest,
  type ReleaseLeaseRequest,
} from '../schemas/collab-leases.ts';
import {
  stateResponseSchema,
  type StateKind,
  type StateResponseOf,
} from '../schemas/collab-state.ts';
import {
  CreateTaskResponse,
  PatchTaskResponse,
  TaskResponse,
  TransitionTaskResponse,
  type CreateTaskRequest,
  type TaskMergePatch,
  type TransitionTaskRequest,
} from '../schemas/collab-tasks.ts';
import { createDispatchSection } from './dispatch-section.ts';
import { createEventsSection } from './events-section.ts';
import { segment, type RequestCore } from './request-core.ts';

interface WriteOptions {
  ifMatch?: string;
  fencingToken?: number;
}

const MERGE_PATCH = 'application/merge-patch+json';

const writeHeaders = (write: WriteOptions = {}) => ({
  'if-match': write.ifMatch,
  'x-fencing-token': write.fencingToken === undefined ? undefined : String(write.fencingToken),
});

/** The collaboration contract: state documents, tasks, leases, agents and the event log. */
export function createCollabSection(core: RequestCore) {
  return {
    ...createEventsSection(core),
    ...createDispatchSection(core),
    getState<K extends StateKind>(kind: K): Promise<StateResponseOf<K>> {
      return core.json('GET', `/collab/state/${segment(kind)}`, stateResponseSchema(kind));
    },
    /** `null` when the state still has `etag` (304 Not Modified). */
    async getStateIfChanged<K extends StateKind>(
      kind: K,
      etag: string,
    ): Promise<StateResponseOf<K> | null> {
      const body = await core.jsonOrNotModified(
        'GET',
        `/collab/state/${segment(kind)}`,
        stateResponseSchema(kind),
        { headers: { 'if-none-match': etag } },
      );
      return body ?? null;
    },
    createTask(request: CreateTaskRequest, write: { ifNoneMatch?: '*' } = {}) {
      return core.json('POST', '/collab/tasks', CreateTaskResponse, {
        body: request,
        headers: { 'if-none-match': write.ifNoneMatch },
      });
    },
    getTask(id: string) {
      return core.json('GET', `/collab/tasks/${segment(id)}`, TaskResponse);
    },
    patchTask(id: string, patch: TaskMergePatch, write: WriteOptions & { ifMatch: string }) {
      return core.json('PATCH', `/collab/tasks/${segment(id)}`, PatchTaskResponse, {
        body: patch,
        contentType: MERGE_PATCH,
        headers: writeHeaders(write),
      });
    },
    transitionTask(id: string, request: TransitionTaskRequest, write: WriteOptions = {}) {
      return core.json('POST', `/collab/tasks/${segment(id)}/transition`, TransitionTaskResponse, {
        body: request,
        headers: writeHeaders(write),
      });
    },
    acquireLease(request: AcquireLeaseRequest) {
      return core.json('POST', '/collab/leases/acquire', LeaseGrantResponse, { body: request });
    },
    heartbeatLease(lockId: string, request: HeartbeatLeaseRequest) {
      return core.json('POST', `/collab/leases/${segment(lockId)}/heartbeat`, LeaseGrantResponse, {
        body: request,
      });
    },
    releaseLease(lockId: string, request: ReleaseLeaseRequest) {
      return core.json('POST', `/collab/leases/${segment(lockId)}/release`, ReleaseLeaseResponse, {
        body: request,
      });
    },
    reclaimLeases(request: ReclaimLeasesRequest = {}) {
      return core.json('POST', '/collab/leases/reclaim', ReclaimLeasesResponse, { body: request });
    },
    listAgents() {
      return core.json('GET', '/collab/agents', AgentListResponse);
    },
    getAgent(id: string) {
      return core.json('GET', `/collab/agents/${segment(id)}`, AgentResponse);
    },
    patchAgent(id: string, patch: AgentMergePatch, write: { ifMatch: string }) {
      return core.json('PATCH', `/collab/agents/${segment(id)}`, PatchAgentResponse, {
        body: patch,
        contentType: MERGE_PATCH,
        headers: writeHeaders(write),
      });
    },
    heartbeatAgent(id: string, request: AgentHeartbeatRequest = {}) {
      return core.json('POST', `/collab/agents/${segment(id)}/heartbeat`, AgentResponse, {
        body: request,
      });
    },
  };
}

export type CollabSection = ReturnType<typeof createCollabSection>;
