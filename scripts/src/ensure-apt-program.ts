import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Test and browser tooling that comes from Debian (Chromium, Dovecot): make sure a program
 * exists, installing its package with apt when we may (root with apt-get, as in CI, which has no
 * stdin). Idempotent: a present program is returned at once.
 */
export interface AptProgram {
  /** The Debian package, e.g. `chromium`, `dovecot-imapd`. */
  aptPackage: string;
  /** The file the package installs and the caller runs, e.g. `/usr/bin/chromium`. */
  executable: string;
  /** Prefix of progress lines, e.g. `[browsers]`. */
  tag: string;
  /** Size hint for the install line. */
  size: string;
}

export class AptProgramUnavailableError extends Error {
  override name = 'AptProgramUnavailableError';
}

export async function ensureAptProgram(program: AptProgram): Promise<string> {
  const { aptPackage, executable } = program;
  if (existsSync(executable)) return executable;
  const log = (line: string) => console.log(`${program.tag} ${line}`);
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new AptProgramUnavailableError(
      `${executable} is missing and this script cannot install it (${isRoot ? 'no apt-get' : 'not root'}). ` +
        `Install Debian's "${aptPackage}" package (sudo apt-get install --no-install-recommends ${aptPackage}).`,
    );
  }
  if (!aptKnows(aptPackage)) {
    log(`apt does not know ${aptPackage} yet; refreshing the package lists`);
    await run(log, 'apt-get', ['update']);
  }
  log(`installing ${aptPackage} (${program.size})`);
  await run(log, 'apt-get', ['install', '-y', '--no-install-recommends', aptPackage]);
  if (!existsSync(executable)) {
    throw new AptProgramUnavailableError(
      `apt installed ${aptPackage} but ${executable} is missing`,
    );
  }
  return executable;
}

function run(log: (line: string) => void, command: string, args: string[]): Promise<void> {
  log(`$ ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args[0]} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

/** True when apt knows a candidate version of the package (its lists may be empty in containers). */
function aptKnows(name: string): boolean {
  const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
  return policy.status === 0 && /Candidate: (?!\(none\))/.test(policy.stdout);
}
