import { readFileSync } from 'node:fs';

export interface CpuShare {
  /** CPU time of this process (the load generator) ÷ wall time, in % of one core. */
  loadGeneratorPercent: number;
  /** The same for the API child process; absent where `/proc` is not available. */
  apiPercent?: number;
}

// Linux reports utime and stime in clock ticks of 1/100 s on every common architecture.
const CLOCK_TICKS_PER_SEC = 100;

/**
 * Starts measuring how busy the load generator and the API were. Near 100% means that process
 * was saturated: on two cores, a saturated load generator limits the rate as much as the API.
 */
export function startCpuMeter(apiPid: number): () => CpuShare {
  const startedAt = performance.now();
  const ownStart = process.cpuUsage();
  const apiStart = apiCpuMs(apiPid);
  return () => {
    const wallMs = performance.now() - startedAt;
    const own = process.cpuUsage(ownStart);
    const apiEnd = apiCpuMs(apiPid);
    const percent = (cpuMs: number) => Math.round((cpuMs / wallMs) * 100);
    return {
      loadGeneratorPercent: percent((own.user + own.system) / 1000),
      ...(apiStart !== undefined && apiEnd !== undefined
        ? { apiPercent: percent(apiEnd - apiStart) }
        : {}),
    };
  };
}

function apiCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SEC : undefined;
  } catch {
    return undefined;
  }
}
