import { readdirSync, readFileSync } from 'node:fs';

export interface CpuShare {
  /** CPU time of this process (the load generator) ÷ wall time, in % of one core. */
  loadGeneratorPercent: number;
  /** The same for the API child processes together; absent where `/proc` is not available. */
  apiPercent?: number;
}

// Linux reports utime and stime in clock ticks of 1/100 s on every common architecture.
const CLOCK_TICKS_PER_SEC = 100;

/**
 * Starts measuring how busy the load generator and the API were. Near 100% means that process
 * was saturated: on two cores, a saturated load generator limits the rate as much as the API.
 */
export function startCpuMeter(apiPids: readonly number[]): () => CpuShare {
  const startedAt = performance.now();
  const ownStart = process.cpuUsage();
  const apiCpuMs = () => {
    const each = apiPids.map(processCpuMs);
    return each.every((ms) => ms !== undefined) ? each.reduce((a, b) => a + b, 0) : undefined;
  };
  const apiStart = apiCpuMs();
  return () => {
    const wallMs = performance.now() - startedAt;
    const own = process.cpuUsage(ownStart);
    const apiEnd = apiCpuMs();
    const percent = (cpuMs: number) => Math.round((cpuMs / wallMs) * 100);
    return {
      loadGeneratorPercent: percent((own.user + own.system) / 1000),
      ...(apiStart !== undefined && apiEnd !== undefined
        ? { apiPercent: percent(apiEnd - apiStart) }
        : {}),
    };
  };
}

/**
 * Starts measuring the CPU time (user + system, ms) each named process tree uses: the process,
 * its live descendants and the children they have reaped (a PostgreSQL server's backends). CPU
 * time, unlike wall time, hardly changes with what else the machine runs. `self` is this process
 * alone. A tree `/proc` cannot read is left out of the answer.
 */
export function startProcessCpuMeter(trees: Record<string, number>): () => Record<string, number> {
  const read = () => {
    const table = readProcTable();
    const times: Record<string, number> = {};
    for (const [name, pid] of Object.entries(trees)) {
      const ms = treeCpuMs(table, pid);
      if (ms !== undefined) times[name] = ms;
    }
    const own = process.cpuUsage();
    times.self = (own.user + own.system) / 1000;
    return times;
  };
  const start = read();
  return () => {
    const end = read();
    const used: Record<string, number> = {};
    for (const [name, ms] of Object.entries(end)) {
      const before = start[name];
      if (before !== undefined) used[name] = ms - before;
    }
    return used;
  };
}

/** The pids of this process's children whose command is `comm` (`postgres`: the postmaster). */
export function childPidsNamed(comm: string): number[] {
  return [...readProcTable().values()]
    .filter((entry) => entry.ppid === process.pid && entry.comm === comm)
    .map((entry) => entry.pid);
}

interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, in ms. */
  cpuMs: number;
}

function processCpuMs(pid: number): number | undefined {
  const entry = readStat(pid);
  return entry === undefined ? undefined : entry.cpuMs;
}

function treeCpuMs(table: Map<number, ProcEntry>, root: number): number | undefined {
  if (!table.has(root)) return undefined;
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += table.get(pid)?.cpuMs ?? 0;
    for (const entry of table.values()) if (entry.ppid === pid) pending.push(entry.pid);
  }
  return total;
}

function readProcTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStat(Number(name));
    if (entry) table.set(entry.pid, entry);
  }
  return table;
}

function readStat(pid: number): ProcEntry | undefined {
  try {
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // state ppid … utime(11) stime(12) cutime(13) cstime(14), counted from the state field.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    if (!Number.isFinite(ticks)) return undefined;
    return { pid, ppid: Number(fields[1]), comm, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SEC };
  } catch {
    return undefined;
  }
}
