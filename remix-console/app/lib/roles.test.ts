import { describe, expect, it } from 'vitest';
import { hasRole, roleBlock } from './roles.ts';

describe('role checks', () => {
  it('lets stronger roles do what weaker ones may', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('agent', 'operator')).toBe(false);
    expect(hasRole('viewer', 'agent')).toBe(false);
  });

  it('treats an unknown role as weaker than every role', () => {
    expect(hasRole('guest', 'viewer')).toBe(false);
  });

  it('explains a refusal with the role needed', () => {
    expect(roleBlock('viewer', 'operator', 'start jobs')).toBe(
      'Your role (viewer) cannot start jobs: it needs an operator or admin.',
    );
    expect(roleBlock('operator', 'admin', 'create API keys')).toContain('needs an admin');
    expect(roleBlock('admin', 'admin', 'create API keys')).toBeUndefined();
  });
});
