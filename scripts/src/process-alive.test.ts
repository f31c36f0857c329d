import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isAlive, processExists } from './process-alive.ts';

describe('isAlive', () => {
  it('finds this process, and no process for a pid that cannot exist', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-1)).toBe(false);
    expect(isAlive(Number.NaN)).toBe(false);
    expect(isAlive(2 ** 22 + 1)).toBe(false);
    expect(processExists(2 ** 22 + 1)).toBe(false);
  });

  it('counts a killed child that nobody reaped yet (a zombie) as gone', async () => {
    // The shell forks `sleep`, which ends at once; the shell does not wait for it while it sleeps.
    const shell = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: 'pipe' });
    try {
      const [chunk] = (await once(shell.stdout, 'data')) as [Buffer];
      const zombie = Number(chunk.toString().trim());
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(isAlive(zombie)).toBe(false);
      expect(processExists(zombie)).toBe(true);
      expect(isAlive(shell.pid ?? 0)).toBe(true);
    } finally {
      shell.kill('SIGKILL');
    }
  });
});
