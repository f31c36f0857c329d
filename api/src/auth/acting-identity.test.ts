import { describe, expect, it } from 'vitest';
import {
  actsAsLabel,
  defaultActor,
  resolveActingIdentity,
  type ActingPrincipal,
} from './acting-identity.ts';

const atlasKey: ActingPrincipal = {
  role: 'agent',
  actor: 'api_key:atlas-key',
  actsAs: { kind: 'agent', agentId: 'agent-atlas' },
};
const unboundKey: ActingPrincipal = {
  role: 'agent',
  actor: 'api_key:old-key',
  actsAs: { kind: 'unbound_key', name: 'old-key' },
};
const serviceKey: ActingPrincipal = {
  role: 'agent',
  actor: 'api_key:worker',
  actsAs: { kind: 'workflows' },
};
const operator: ActingPrincipal = {
  role: 'operator',
  actor: 'user:ana@example.com',
  actsAs: { kind: 'user', email: 'ana@example.com' },
};
const admin: ActingPrincipal = {
  role: 'admin',
  actor: 'user:root@example.com',
  actsAs: { kind: 'user', email: 'root@example.com' },
};
const viewer: ActingPrincipal = {
  role: 'viewer',
  actor: 'user:vic@example.com',
  actsAs: { kind: 'user', email: 'vic@example.com' },
};

describe('resolveActingIdentity', () => {
  it('a bound key acts as its agent, named or not', () => {
    expect(resolveActingIdentity(atlasKey, {})).toEqual({ ok: true, actor: 'agent-atlas' });
    expect(resolveActingIdentity(atlasKey, { named: 'agent-atlas' })).toEqual({
      ok: true,
      actor: 'agent-atlas',
    });
  });

  it('a bound key naming another agent is refused', () => {
    expect(resolveActingIdentity(atlasKey, { named: 'agent-iris' })).toMatchObject({
      ok: false,
      reason: 'not_your_identity',
    });
  });

  it('an unbound key acts only as api_key:<name>', () => {
    expect(resolveActingIdentity(unboundKey, {})).toEqual({ ok: true, actor: 'api_key:old-key' });
    expect(resolveActingIdentity(unboundKey, { named: 'agent-atlas' })).toMatchObject({
      ok: false,
      reason: 'not_your_identity',
    });
  });

  it('a user acts as user:<email>, whatever the role', () => {
    expect(resolveActingIdentity(operator, {})).toEqual({
      ok: true,
      actor: 'user:ana@example.com',
    });
    expect(resolveActingIdentity(admin, { named: 'agent-atlas' })).toMatchObject({
      ok: false,
      reason: 'not_your_identity',
    });
  });

  it('a viewer cannot act at all, not even as itself', () => {
    expect(resolveActingIdentity(viewer, {})).toMatchObject({ ok: false, reason: 'read_only' });
    expect(resolveActingIdentity(viewer, { named: 'user:vic@example.com' })).toMatchObject({
      ok: false,
      reason: 'read_only',
    });
  });

  it('an admin acts for someone else only with acting_for, and says who acted', () => {
    expect(resolveActingIdentity(admin, { actingFor: 'agent-iris' })).toEqual({
      ok: true,
      actor: 'agent-iris',
      actedBy: 'user:root@example.com',
    });
    expect(
      resolveActingIdentity(admin, { actingFor: 'agent-iris', named: 'agent-iris' }),
    ).toMatchObject({ ok: true, actor: 'agent-iris' });
    expect(
      resolveActingIdentity(admin, { actingFor: 'agent-iris', named: 'agent-atlas' }),
    ).toMatchObject({ ok: false, reason: 'not_your_identity' });
  });

  it('acting_for from anyone but an admin is refused', () => {
    for (const principal of [operator, atlasKey, serviceKey]) {
      expect(resolveActingIdentity(principal, { actingFor: 'agent-iris' })).toMatchObject({
        ok: false,
        reason: 'acting_for_needs_admin',
      });
    }
  });

  it('the service key must name a workflow, and the write’s own one when known', () => {
    expect(resolveActingIdentity(serviceKey, {})).toMatchObject({
      ok: false,
      reason: 'workflow_identity_required',
    });
    expect(resolveActingIdentity(serviceKey, { named: 'agent-atlas' })).toMatchObject({
      ok: false,
      reason: 'not_your_identity',
    });
    expect(resolveActingIdentity(serviceKey, { named: 'workflow:' })).toMatchObject({
      ok: false,
      reason: 'not_your_identity',
    });
    expect(
      resolveActingIdentity(serviceKey, { named: 'workflow:task-T-2', workflowId: 'task-T-1' }),
    ).toMatchObject({ ok: false, reason: 'not_your_workflow' });
    expect(
      resolveActingIdentity(serviceKey, { named: 'workflow:task-T-1', workflowId: 'task-T-1' }),
    ).toEqual({ ok: true, actor: 'workflow:task-T-1' });
    expect(resolveActingIdentity(serviceKey, { named: 'workflow:kyros-lease-reaper' })).toEqual({
      ok: true,
      actor: 'workflow:kyros-lease-reaper',
    });
  });
});

describe('actsAsLabel', () => {
  it('is what GET /auth/me reports: the identity, the service key generically, viewers none', () => {
    expect(actsAsLabel(atlasKey)).toBe('agent-atlas');
    expect(actsAsLabel(unboundKey)).toBe('api_key:old-key');
    expect(actsAsLabel(admin)).toBe('user:root@example.com');
    expect(actsAsLabel(serviceKey)).toBe('workflow:<id>');
    expect(actsAsLabel(viewer)).toBe('none');
  });
});

describe('defaultActor', () => {
  it('is the identity a principal acts as when it names no one', () => {
    expect(defaultActor(atlasKey)).toBe('agent-atlas');
    expect(defaultActor(unboundKey)).toBe('api_key:old-key');
    expect(defaultActor(operator)).toBe('user:ana@example.com');
    expect(defaultActor(serviceKey)).toBe('api_key:worker');
  });
});
