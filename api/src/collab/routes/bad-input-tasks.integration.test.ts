// Long file: one table of bad task inputs, each a case of its own; splitting it would scatter the table.
import { describe, expect } from 'vitest';
import {
  expectRefusedWithDiskUnchanged,
  type BadInputCase,
} from '@kyros/test-support/api/bad-input-case';
import { sendRaw } from '@kyros/test-support/collab/disk-snapshot';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { InProcessApi } from '@kyros/test-support/api/in-process-api';

let api: InProcessApi;
let approvedTask: string;
test.beforeAll(async ({ api: started }) => {
  api = started;
  const { id } = await api.client.createTask({
    title: 'almost',
    dod: [{ item: 'Docs updated' }, { item: 'Tests pass', done: true }],
  });
  for (const to of ['claimed', 'in_progress', 'review', 'approved'] as const) {
    await api.client.transitionTask(id, { to });
  }
  approvedTask = id;
});

const STALE = '"1-0000000000000000"';
const json = { 'content-type': 'application/json' };

const cases = (): BadInputCase[] => [
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/collab/tasks',
    raw: '{"title": "x",',
    headers: json,
    status: 400,
    code: 'invalid',
    detail: /Malformed JSON/,
  },
  {
    name: 'an unknown field',
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 'x', owner: 'me' },
    status: 400,
    code: 'invalid',
    detail: /owner/,
  },
  ...['../../etc/**', '/etc/**', '{..,docs}/*.md'].map((glob): BadInputCase => ({
    name: `an executor glob that leaves the workspace (${glob})`,
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 'x', executor: { name: 'docs/format', args: { glob } } },
    status: 400,
    code: 'invalid',
    detail: /executor\.args\.glob/,
  })),
  {
    name: 'a PATCH to an executor glob that leaves the workspace',
    method: 'PATCH',
    path: '/collab/tasks/T-1',
    body: { executor: { name: 'lint', args: { glob: '../../etc/**' } } },
    headers: { 'if-match': STALE },
    status: 400,
    code: 'invalid',
    detail: /must not contain ".."/,
  },
  {
    name: 'an executor argument the executor does not take',
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 'x', executor: { name: 'lint', args: { fix: true } } },
    status: 400,
    code: 'invalid',
    detail: /fix/,
  },
  {
    name: 'a method the literal path /collab/tasks/next does not declare',
    method: 'PATCH',
    path: '/collab/tasks/next',
    body: { title: 'x' },
    status: 405,
    code: 'method_not_allowed',
    detail: /GET, HEAD/,
  },
  {
    name: 'a wrong type',
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 42 },
    status: 400,
    code: 'invalid',
    detail: /title/,
  },
  {
    name: 'a body over 1 MB',
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 'x', description: 'y'.repeat(1024 * 1024) },
    status: 413,
    code: 'payload_too_large',
    detail: /limit/,
  },
  {
    name: 'a body that is not JSON',
    method: 'POST',
    path: '/collab/tasks',
    raw: 'title=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
    detail: /application\/json/,
  },
  {
    name: 'path traversal in kind',
    method: 'GET',
    path: '/collab/state/..%2F..%2Fetc%2Fpasswd',
    status: 404,
    code: 'not_found',
    detail: /kinds are tasks, locks, agents, log/,
  },
  {
    name: 'a kind outside the allowlist',
    method: 'GET',
    path: '/collab/state/tasks.json',
    status: 404,
    code: 'not_found',
    detail: /no state kind/,
  },
  {
    name: 'an unknown task id',
    method: 'GET',
    path: '/collab/tasks/T-999',
    status: 404,
    code: 'not_found',
    detail: /T-999 does not exist/,
  },
  {
    name: 'a malformed task id',
    method: 'GET',
    path: '/collab/tasks/..%2Fstate',
    status: 404,
    code: 'not_found',
    detail: /malformed id/,
  },
  {
    name: 'PATCH of an unknown task',
    method: 'PATCH',
    path: '/collab/tasks/T-998',
    body: { title: 'x' },
    headers: { 'if-match': STALE },
    status: 404,
    code: 'not_found',
    detail: /T-998/,
  },
  {
    name: 'an unknown dependency',
    method: 'POST',
    path: '/collab/tasks',
    body: { title: 'x', dependencies: ['T-404'] },
    status: 400,
    code: 'invalid',
    detail: /T-404/,
  },
  {
    name: 'an illegal transition',
    method: 'POST',
    path: '/collab/tasks/T-100/transition',
    body: { to: 'done' },
    status: 409,
    code: 'conflict',
    detail: /queued → done: allowed from queued: claimed/,
    extra: { allowed_moves: ['claimed'] },
  },
  {
    name: 'an unknown status',
    method: 'POST',
    path: '/collab/tasks/T-100/transition',
    body: { to: 'shipped' },
    status: 400,
    code: 'invalid',
    detail: /to/,
  },
  {
    name: 'a transition event with a bad name',
    method: 'POST',
    path: '/collab/tasks/T-100/transition',
    body: { to: 'claimed', event: { event: 'Task Claimed' } },
    status: 400,
    code: 'invalid',
    detail: /event\.event/,
  },
  {
    name: 'a second move the state machine refuses (neither move is made)',
    method: 'POST',
    path: '/collab/tasks/T-100/transition',
    body: { to: 'claimed', then: { to: 'done' } },
    status: 409,
    code: 'conflict',
    detail: /claimed → done: allowed from claimed/,
  },
  {
    name: 'a lease to release that is no lease id',
    method: 'POST',
    path: '/collab/tasks/T-100/transition',
    body: { to: 'claimed', release_lease: { lock_id: 'L-1' } },
    status: 400,
    code: 'invalid',
    detail: /release_lease\.lock_id/,
  },
  {
    name: 'unmet dependencies',
    method: 'POST',
    path: '/collab/tasks/T-101/transition',
    body: { to: 'claimed' },
    status: 409,
    code: 'conflict',
    detail: /unfinished dependencies T-100 \(queued\)/,
    extra: { unmet_dependencies: [{ id: 'T-100', status: 'queued' }] },
  },
  {
    name: 'an unchecked DoD item',
    method: 'POST',
    path: `/collab/tasks/{approved}/transition`,
    body: { to: 'merging' },
    status: 409,
    code: 'conflict',
    detail: /not checked: "Docs updated"/,
    extra: { unchecked_dod: ['Docs updated'] },
  },
  {
    name: 'a missing If-Match',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { title: 'x' },
    status: 428,
    code: 'precondition_required',
    detail: /If-Match/,
  },
  {
    name: 'a stale If-Match',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { title: 'x' },
    headers: { 'if-match': STALE },
    status: 412,
    code: 'precondition_failed',
    detail: /changed since you read it/,
  },
  {
    name: 'a weak If-Match',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { title: 'x' },
    headers: { 'if-match': 'W/"1-x"' },
    status: 412,
    code: 'precondition_failed',
    detail: /changed/,
  },
  {
    name: 'a status change by PATCH',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { status: 'done' },
    headers: { 'if-match': '*' },
    status: 400,
    code: 'invalid',
    detail: /transition/,
  },
  {
    name: 'a chosen id without If-None-Match',
    method: 'POST',
    path: '/collab/tasks',
    body: { id: 'T-700', title: 'x' },
    status: 428,
    code: 'precondition_required',
    detail: /If-None-Match: \*/,
  },
  {
    name: 'creating an existing id',
    method: 'POST',
    path: '/collab/tasks',
    body: { id: 'T-100', title: 'x' },
    headers: { 'if-none-match': '*' },
    status: 412,
    code: 'precondition_failed',
    detail: /already exists/,
  },
  {
    name: 'a dependency cycle',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { dependencies: ['T-101'] },
    headers: { 'if-match': '*' },
    status: 409,
    code: 'conflict',
    detail: /cycle: T-100 → T-101 → T-100/,
  },
  {
    name: 'a malformed fencing token',
    method: 'PATCH',
    path: '/collab/tasks/T-100',
    body: { title: 'x' },
    headers: { 'if-match': '*', 'x-fencing-token': 'abc' },
    status: 400,
    code: 'invalid',
    detail: /X-Fencing-Token/,
  },
];

describe('bad input to state and tasks gets its own 4xx problem and leaves the disk unchanged', () => {
  test.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectRefusedWithDiskUnchanged(api, {
      ...c,
      path: c.path.replace('{approved}', approvedTask),
    });
  });

  test('a stale If-Match answers 412 with the current task and its ETag in body and header', async () => {
    const { task, etag } = await api.client.getTask('T-102');
    const response = await sendRaw(api.url, 'PATCH', '/collab/tasks/T-102', {
      body: { title: 'x' },
      headers: { ...api.authHeaders, 'if-match': STALE },
    });
    expect(response.status).toBe(412);
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.json).toMatchObject({ current: task, etag });
  });
});
