import { describe, expect, it } from 'vitest';
import { lastAdminRefusal, type AccountChange } from './last-admin-rule.ts';

const ada: AccountChange['target'] = {
  id: 'ada',
  email: 'ada@kyros.test',
  role: 'admin',
  disabled: false,
};

function change(patch: AccountChange['patch'], enabledAdminIds = ['ada'], target = ada) {
  return lastAdminRefusal({ target, patch, enabledAdminIds });
}

describe('the last-admin rule', () => {
  it('refuses to demote the last enabled admin to any other role', () => {
    for (const role of ['operator', 'agent', 'viewer'] as const) {
      expect(change({ role })).toBe(
        `ada@kyros.test is the last enabled admin and cannot be demoted to ${role}: make another user admin first`,
      );
    }
  });

  it('refuses to disable the last enabled admin or change their password', () => {
    expect(change({ disabled: true })).toMatch(/cannot be disabled/);
    expect(change({ password: 'a new long passphrase' })).toMatch(/cannot be given a new password/);
  });

  it('allows what keeps them an enabled admin who can sign in', () => {
    expect(change({ role: 'admin' })).toBeUndefined();
    expect(change({ disabled: false })).toBeUndefined();
    expect(change({})).toBeUndefined();
  });

  it('allows any of it while another admin is enabled', () => {
    const twoAdmins = ['ada', 'bob'];
    expect(change({ role: 'viewer' }, twoAdmins)).toBeUndefined();
    expect(change({ disabled: true }, twoAdmins)).toBeUndefined();
    expect(change({ password: 'a new long passphrase' }, twoAdmins)).toBeUndefined();
  });

  it('does not protect accounts that are not enabled admins', () => {
    expect(change({ role: 'viewer' }, [], { ...ada, disabled: true })).toBeUndefined();
    expect(
      change({ disabled: true }, ['bob'], { ...ada, id: 'cy', role: 'operator' }),
    ).toBeUndefined();
  });

  it('counts the target only once: a list holding just the target is still the last admin', () => {
    expect(change({ disabled: true }, ['ada', 'ada'])).toMatch(/last enabled admin/);
  });
});
