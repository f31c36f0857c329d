// Points git at the versioned hooks in .githooks/ (run by the root `prepare` script on npm ci / npm install).
// It must never fail an install: outside a git work tree (CI tarballs, Docker builds, installs as a
// dependency) or without git it does nothing, and it leaves a hooksPath someone chose on purpose alone.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '..');
const hooksPath = '.githooks';

function git(...args) {
  return execFileSync('git', args, {
    cwd: projectRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

function currentHooksPath() {
  try {
    return git('config', '--local', '--get', 'core.hooksPath');
  } catch {
    // `git config --get` exits 1 when the key is unset.
    return '';
  }
}

function installHooks() {
  if (!existsSync(path.join(projectRoot, hooksPath))) return;
  let topLevel;
  try {
    topLevel = git('rev-parse', '--show-toplevel');
  } catch {
    return; // no git, or not a work tree
  }
  // Only when this project is the repository itself, not a folder nested in someone else's.
  if (realpathSync(topLevel) !== realpathSync(projectRoot)) return;
  const current = currentHooksPath();
  if (current === hooksPath) return;
  if (current !== '') {
    console.log(`install-git-hooks: core.hooksPath is already "${current}"; leaving it as it is.`);
    return;
  }
  git('config', '--local', 'core.hooksPath', hooksPath);
  console.log(`install-git-hooks: git hooks now run from ${hooksPath}/ (pre-commit checks).`);
}

try {
  installHooks();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(`install-git-hooks: skipped (${reason}).`);
}
