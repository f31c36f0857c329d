import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Debian package that provides one executable the tests or the product need. */
export interface DebianPackage {
  /** The apt package, e.g. `chromium`. */
  name: string;
  /** The executable it installs, e.g. `/usr/bin/chromium`. */
  executable: string;
  /** What installing it costs, for the progress line. */
  size?: string;
}

export class DebianPackageUnavailableError extends Error {
  override name = 'DebianPackageUnavailableError';
}

/**
 * Makes sure `pkg.executable` exists, installing the package with apt when it is missing and
 * this process may (root, apt-get present). Refreshes the package lists only when apt does not
 * know the package yet. Idempotent: returns at once when the executable is there.
 */
export async function ensureDebianPackage(
  pkg: DebianPackage,
  log: (line: string) => void,
): Promise<string> {
  if (existsSync(pkg.executable)) return pkg.executable;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new DebianPackageUnavailableError(
      `${pkg.executable} is missing and this script cannot install it (${isRoot ? 'no apt-get' : 'not root'}). ` +
        `Install Debian's "${pkg.name}" package (sudo apt-get install --no-install-recommends ${pkg.name}).`,
    );
  }
  if (!aptKnows(pkg.name)) {
    log(`apt does not know ${pkg.name} yet; refreshing the package lists`);
    await run('apt-get', ['update'], log);
  }
  log(`installing ${pkg.name}${pkg.size ? ` (${pkg.size})` : ''}`);
  await run('apt-get', ['install', '-y', '--no-install-recommends', pkg.name], log);
  if (!existsSync(pkg.executable)) {
    throw new DebianPackageUnavailableError(
      `apt installed ${pkg.name} but ${pkg.executable} is missing`,
    );
  }
  return pkg.executable;
}

/** True when apt knows a candidate version of the package (its lists may be empty in containers). */
function aptKnows(name: string): boolean {
  const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
  return policy.status === 0 && /Candidate: (?!\(none\))/.test(policy.stdout);
}

function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  log(`$ ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args[0]} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
