import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempWorkspace,
  type TempWorkspace,
} from '@kyros/test-support/workspace/temp-workspace';
import { resolveWorkspaceFile } from './confine-path.ts';
import { expandWorkspaceGlob } from './expand-glob.ts';
import { findWorkspaceFile } from './find-workspace-file.ts';
import { WorkspacePathError } from './workspace-path-error.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';

let workspace: TempWorkspace;
beforeEach(async () => {
  workspace = await createTempWorkspace();
});
afterEach(async () => {
  await workspace.remove();
});

const relatives = async (glob: string) =>
  (await expandWorkspaceGlob(workspace.root, glob)).map((file) => file.relative);

describe('expandWorkspaceGlob', () => {
  it('lists matching files sorted, never inside node_modules or .git', async () => {
    await workspace.write('b.md', '');
    await workspace.write('docs/a.md', '');
    await workspace.write('node_modules/pkg/readme.md', '');
    await workspace.write('.git/x.md', '');
    await workspace.write('docs/node_modules/y.md', '');
    expect(await relatives('**/*.md')).toEqual(['b.md', 'docs/a.md']);
  });

  it('accepts a symlink whose target stays inside the root', async () => {
    await workspace.write('docs/a.md', '');
    await symlink(path.join(workspace.root, 'docs/a.md'), path.join(workspace.root, 'link.md'));
    expect(await relatives('*.md')).toEqual(['link.md']);
  });

  it('refuses a glob that matches a symlink to a file outside the root', async () => {
    await writeFile(path.join(workspace.base, 'secret.md'), 'outside');
    await workspace.write('inside.md', '');
    await symlink(path.join(workspace.base, 'secret.md'), path.join(workspace.root, 'escape.md'));
    await expect(relatives('*.md')).rejects.toThrow(WorkspacePathError);
    await expect(relatives('*.md')).rejects.toThrow(/escape\.md resolves outside/);
  });

  it('does not descend into a symlinked directory that leads outside the root', async () => {
    await mkdir(path.join(workspace.base, 'outside'));
    await writeFile(path.join(workspace.base, 'outside/x.md'), '');
    await symlink(path.join(workspace.base, 'outside'), path.join(workspace.root, 'out'));
    expect(await relatives('**/*.md')).toEqual([]);
  });

  it('takes a literal path as a glob matching that one file', async () => {
    await workspace.write('docs/a.md', '');
    await workspace.write('docs/b.md', '');
    expect(await relatives('docs/a.md')).toEqual(['docs/a.md']);
    expect(await relatives('missing/a.md')).toEqual([]);
    expect(await relatives('docs/a.md/x.md')).toEqual([]);
  });

  it('holds a literal path to the rules of the walk', async () => {
    await workspace.write('node_modules/pkg/readme.md', '');
    await workspace.write('docs/a.md', '');
    await mkdir(path.join(workspace.root, 'docs/dir.md'));
    await symlink(path.join(workspace.root, 'docs/a.md'), path.join(workspace.root, 'link.md'));
    await writeFile(path.join(workspace.base, 'secret.md'), 'outside');
    await symlink(path.join(workspace.base, 'secret.md'), path.join(workspace.root, 'escape.md'));
    await mkdir(path.join(workspace.base, 'outside'));
    await writeFile(path.join(workspace.base, 'outside/x.md'), '');
    await symlink(path.join(workspace.base, 'outside'), path.join(workspace.root, 'out'));

    expect(await relatives('node_modules/pkg/readme.md')).toEqual([]);
    expect(await relatives('docs/dir.md')).toEqual([]);
    expect(await relatives('link.md')).toEqual(['link.md']);
    await expect(relatives('escape.md')).rejects.toThrow(/escape\.md resolves outside/);
    await expect(relatives('out/x.md')).rejects.toThrow(WorkspacePathError);
  });

  it('refuses a glob whose static base is a symlinked directory outside the root', async () => {
    await mkdir(path.join(workspace.base, 'outside'));
    await writeFile(path.join(workspace.base, 'outside/x.md'), '');
    await symlink(path.join(workspace.base, 'outside'), path.join(workspace.root, 'out'));
    await expect(relatives('out/*.md')).rejects.toThrow(WorkspacePathError);
  });

  it('refuses parent segments and absolute globs before reading the disk', async () => {
    await expect(relatives('../**/*.md')).rejects.toThrow(WorkspacePathError);
    await expect(relatives(`${workspace.base}/*.md`)).rejects.toThrow(WorkspacePathError);
  });
});

describe('resolveWorkspaceFile', () => {
  it('resolves a new file in a new directory inside the root', async () => {
    const file = await resolveWorkspaceFile(workspace.root, 'docs/new/CHANGELOG.md');
    expect(file).toBe(path.join(workspace.root, 'docs/new/CHANGELOG.md'));
  });

  it('refuses a path through a symlinked directory that leads outside the root', async () => {
    await mkdir(path.join(workspace.base, 'outside'));
    await symlink(path.join(workspace.base, 'outside'), path.join(workspace.root, 'out'));
    await expect(resolveWorkspaceFile(workspace.root, 'out/CHANGELOG.md')).rejects.toThrow(
      WorkspacePathError,
    );
  });

  it('refuses the root itself, parent segments and absolute paths', async () => {
    await expect(resolveWorkspaceFile(workspace.root, '.')).rejects.toThrow(WorkspacePathError);
    await expect(resolveWorkspaceFile(workspace.root, 'a/../../x')).rejects.toThrow(
      WorkspacePathError,
    );
    await expect(resolveWorkspaceFile(workspace.root, '/etc/passwd')).rejects.toThrow(
      WorkspacePathError,
    );
  });
});

describe('findWorkspaceFile', () => {
  it('returns the first name present in the root, or null', async () => {
    expect(await findWorkspaceFile(workspace.root, ['a.json', 'b.json'])).toBeNull();
    await workspace.write('b.json', '{}');
    expect(await findWorkspaceFile(workspace.root, ['a.json', 'b.json'])).toBe(
      path.join(workspace.root, 'b.json'),
    );
  });

  it('refuses a config file that is a symlink out of the root', async () => {
    await writeFile(path.join(workspace.base, 'evil.js'), 'export default [];');
    await symlink(path.join(workspace.base, 'evil.js'), path.join(workspace.root, 'a.js'));
    await expect(findWorkspaceFile(workspace.root, ['a.js'])).rejects.toThrow(WorkspacePathError);
  });
});

describe('writeFileAtomically', () => {
  it('replaces a symlink at the target instead of writing through it', async () => {
    const outside = path.join(workspace.base, 'outside.md');
    await writeFile(outside, 'untouched');
    const link = path.join(workspace.root, 'link.md');
    await symlink(outside, link);
    await writeFileAtomically(link, 'new');
    expect(await readFile(outside, 'utf8')).toBe('untouched');
    expect(await readFile(link, 'utf8')).toBe('new');
  });
});
