import { describe } from 'vitest';
import {
  expectRefusedWithDiskUnchanged,
  type BadInputCase,
} from '@kyros/test-support/api/bad-input-case';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
const leases = { expired: '', ended: '', held: '' };
test.beforeAll(async ({ api: started }) => {
  api = started;
  const agentA = await api.clientFor('agent-a');
  const lease = (resource: string, ttl_seconds: number) =>
    agentA.acquireLease({ resource, holder: 'agent-a', ttl_seconds });
  leases.expired = (await lease('old/**', 5)).lock_id;
  leases.ended = (await lease('gone', 60)).lock_id;
  await agentA.releaseLease(leases.ended, { holder: 'agent-a' });
  api.clock.advance(10);
  leases.held = (await lease('held/**', 600)).lock_id;
});

const STALE = '"1-0000000000000000"';

const cases = (): BadInputCase[] => [
  {
    name: 'path traversal in resource',
    method: 'POST',
    path: '/collab/leases/acquire',
    body: { resource: 'docs/../../etc/passwd', ttl_seconds: 5 },
    status: 400,
    code: 'invalid',
    detail: /"\.\."/,
  },
  {
    name: 'an absolute resource',
    method: 'POST',
    path: '/collab/leases/acquire',
    body: { resource: '/etc/passwd', ttl_seconds: 5 },
    status: 400,
    code: 'invalid',
    detail: /absolute/,
  },
  {
    name: 'an unknown agent',
    method: 'POST',
    path: '/collab/agents/agent-nobody/heartbeat',
    as: 'agent-nobody',
    status: 404,
    code: 'not_found',
    detail: /agent-nobody/,
  },
  {
    name: 'an unknown lease id',
    method: 'POST',
    path: '/collab/leases/lease-9999/heartbeat',
    body: {},
    status: 404,
    code: 'not_found',
    detail: /never granted/,
  },
  {
    name: 'an unknown task_id on a lease',
    method: 'POST',
    path: '/collab/leases/acquire',
    body: { resource: 'x', ttl_seconds: 5, task_id: 'T-404' },
    status: 404,
    code: 'not_found',
    detail: /T-404/,
  },
  {
    name: 'a missing If-Match on an agent',
    method: 'PATCH',
    path: '/collab/agents/agent-atlas',
    body: { available: false },
    status: 428,
    code: 'precondition_required',
    detail: /If-Match/,
  },
  {
    name: 'a stale If-Match on an agent',
    method: 'PATCH',
    path: '/collab/agents/agent-atlas',
    body: { available: false },
    headers: { 'if-match': STALE },
    status: 412,
    code: 'precondition_failed',
    detail: /agent-atlas changed/,
  },
  {
    name: 'an expired lock id',
    method: 'POST',
    path: '/collab/leases/{expired}/heartbeat',
    body: { holder: 'agent-a' },
    as: 'agent-a',
    status: 410,
    code: 'gone',
    detail: /expired at .* Acquire a new lease/,
    extra: { lease_state: 'expired', reason: 'expired' },
  },
  {
    name: 'a released lock id',
    method: 'POST',
    path: '/collab/leases/{ended}/heartbeat',
    body: { holder: 'agent-a' },
    as: 'agent-a',
    status: 410,
    code: 'gone',
    detail: /no longer held/,
    extra: { lease_state: 'ended', reason: 'released_or_reclaimed' },
  },
  {
    name: 'a heartbeat by a non-holder',
    method: 'POST',
    path: '/collab/leases/{held}/heartbeat',
    body: { holder: 'agent-b' },
    as: 'agent-b',
    status: 403,
    code: 'forbidden',
    detail: /held by agent-a, not agent-b/,
  },
  {
    name: 'a release by a non-holder',
    method: 'POST',
    path: '/collab/leases/{held}/release',
    body: {},
    as: 'agent-b',
    status: 403,
    code: 'forbidden',
    detail: /only the holder/,
  },
  {
    name: 'an acquire of a held resource',
    method: 'POST',
    path: '/collab/leases/acquire',
    body: { resource: 'held/x', holder: 'agent-b', ttl_seconds: 5 },
    as: 'agent-b',
    status: 409,
    code: 'conflict',
    detail: /leased by agent-a/,
    extra: { holder: 'agent-a' },
  },
  {
    name: 'a TTL out of range',
    method: 'POST',
    path: '/collab/leases/acquire',
    body: { resource: 'x', ttl_seconds: 0 },
    status: 400,
    code: 'invalid',
    detail: /ttl_seconds/,
  },
];

describe('bad input to leases and agents gets its own 4xx problem and leaves the disk unchanged', () => {
  test.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const path = c.path
      .replace('{expired}', leases.expired)
      .replace('{ended}', leases.ended)
      .replace('{held}', leases.held);
    await expectRefusedWithDiskUnchanged(api, { ...c, path });
  });
});
