import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// `npm run browsers:install`: browser tests drive Debian's Chromium (playwright-core brings no
// browser of its own), so make sure /usr/bin/chromium exists, installing it with apt when we may.
export const CHROMIUM_PATH = '/usr/bin/chromium';

const log = (line: string) => console.log(`[browsers] ${line}`);

class ChromiumUnavailableError extends Error {
  override name = 'ChromiumUnavailableError';
}

function run(command: string, args: string[]): Promise<void> {
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

/** True when apt knows a candidate version of the package (its lists may be empty in containers). */
function aptKnows(name: string): boolean {
  const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
  return policy.status === 0 && /Candidate: (?!\(none\))/.test(policy.stdout);
}

export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new ChromiumUnavailableError(
      `${CHROMIUM_PATH} is missing and this script cannot install it (${isRoot ? 'no apt-get' : 'not root'}). ` +
        'Install Debian\'s "chromium" package (sudo apt-get install --no-install-recommends chromium), ' +
        'or any Chromium reachable at /usr/bin/chromium.',
    );
  }
  if (!aptKnows('chromium')) {
    log('apt does not know chromium yet; refreshing the package lists');
    await run('apt-get', ['update']);
  }
  log('installing chromium (a few hundred MB on a fresh system)');
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumUnavailableError(`apt installed chromium but ${CHROMIUM_PATH} is missing`);
  }
  return CHROMIUM_PATH;
}

try {
  const executable = await ensureChromium();
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`Chromium ready: ${executable}${version ? ` (${version})` : ''}`);
} catch (error) {
  console.error(
    `[browsers] ${error instanceof ChromiumUnavailableError ? error.message : String(error)}`,
  );
  process.exit(1);
}
