import { describe, expect, it } from 'vitest';
import { WORKSPACE_PATH_PATTERN, workspacePathProblem } from './workspace-path.ts';

const refused = [
  '../../etc/**',
  '/etc/**',
  '..',
  'docs/../../x',
  'docs/..',
  '{..,docs}/**',
  'a,../b',
  '~/.ssh/*',
  'C:/Windows/*',
  'c:x',
  'docs\\x.md',
  'a\0b',
  '',
];
const accepted = [
  '**/*.md',
  'docs/**',
  'a..b/c',
  '..a/b',
  'docs/x..',
  '{a,b}/*.ts',
  '.github/*',
  ' x',
];

describe('workspacePathProblem', () => {
  it.each(refused)('refuses %j', (input) => {
    expect(workspacePathProblem(input)).toBeTypeOf('string');
  });
  it.each(accepted)('accepts %j', (input) => {
    expect(workspacePathProblem(input)).toBeUndefined();
  });

  it('and the pattern the OpenAPI document shows agree on every case', () => {
    const pattern = new RegExp(WORKSPACE_PATH_PATTERN);
    for (const input of [...refused, ...accepted]) {
      expect(pattern.test(input), input).toBe(workspacePathProblem(input) === undefined);
    }
  });
});
