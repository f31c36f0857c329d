import { readFileSync } from 'node:fs';

/**
 * Whether `pid` names a running process. A zombie (killed, not yet reaped by its parent) counts
 * as gone: it holds no resources and will never act again, yet `kill(pid, 0)` still finds it.
 */
export function isAlive(pid: number): boolean {
  return processExists(pid) && processState(pid) !== 'Z';
}

/** Whether the kernel still has a process `pid`, zombies included (what `kill(pid, 0)` sees). */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The one-letter state in `/proc/<pid>/stat` (after the parenthesised command name). */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch (error) {
    // No /proc, or the process just went: `kill(pid, 0)` is all we know.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
