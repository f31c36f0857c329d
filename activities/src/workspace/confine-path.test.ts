import { describe, expect, it } from 'vitest';
import { assertRelativeInput, isInside } from './confine-path.ts';
import { WorkspacePathError } from './workspace-path-error.ts';

describe('assertRelativeInput', () => {
  it.each(['**/*.md', 'docs/a.md', 'docs/{a,b}/*.md', 'a..b.md', '.github/*.md'])(
    'accepts %s',
    (input) => {
      expect(() => assertRelativeInput(input, 'glob')).not.toThrow();
    },
  );

  it.each([
    ['..', 'a parent segment'],
    ['../x/*.md', 'a leading parent segment'],
    ['docs/../../*.md', 'a parent segment in the middle'],
    ['{..,docs}/*.md', 'a parent segment inside braces'],
    ['/etc/passwd', 'an absolute path'],
    ['C:/x.md', 'a drive letter'],
    ['~/x.md', 'a home directory'],
    ['docs\\..\\x.md', 'a backslash'],
    ['a\0b', 'a NUL byte'],
    ['', 'an empty string'],
  ])('refuses %j (%s)', (input) => {
    expect(() => assertRelativeInput(input, 'glob')).toThrow(WorkspacePathError);
  });
});

describe('isInside', () => {
  it('counts the root and its descendants as inside, siblings with a shared prefix as outside', () => {
    expect(isInside('/w/root', '/w/root')).toBe(true);
    expect(isInside('/w/root', '/w/root/a/b')).toBe(true);
    expect(isInside('/w/root', '/w/root-other/a')).toBe(false);
    expect(isInside('/w/root', '/w')).toBe(false);
  });
});
