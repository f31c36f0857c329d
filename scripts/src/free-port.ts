import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Lowest port handed out: above the well-known and most registered service ports. */
const LOWEST_PORT = 20_000;
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

let nextOffset: number | undefined;

/**
 * A free TCP port on the loopback interface, checked by binding it, chosen below the kernel's
 * ephemeral range. A port from that range (what `listen(0)` gives) can be taken by any outgoing
 * connection, such as a pool's connection to PostgreSQL, between the check and the moment our
 * server binds it. Ports are handed out in sequence from a random start, so two calls in one
 * process never get the same one. Where the range is unknown, the kernel picks.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const range = portRangeBelowEphemeral();
  if (!range) return bindAndRelease(host, 0);
  const size = range.high - range.low + 1;
  nextOffset ??= Math.floor(Math.random() * size);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = range.low + (nextOffset++ % size);
    const bound = await bindAndRelease(host, port).catch(() => undefined);
    if (bound !== undefined) return bound;
  }
  return bindAndRelease(host, 0);
}

/** The ports between LOWEST_PORT and the start of the ephemeral range, if Linux says where. */
export function portRangeBelowEphemeral(
  readRange: () => string = () => readFileSync(EPHEMERAL_RANGE_FILE, 'utf8'),
): { low: number; high: number } | undefined {
  let ephemeralLow: number;
  try {
    ephemeralLow = Number.parseInt(readRange().trim().split(/\s+/)[0] ?? '', 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(ephemeralLow) || ephemeralLow - 1 - LOWEST_PORT < 1000) return undefined;
  return { low: LOWEST_PORT, high: ephemeralLow - 1 };
}

function bindAndRelease(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** Resolves once something accepts TCP connections on host:port, or rejects after timeoutMs. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline)
      throw new Error(`nothing is listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
