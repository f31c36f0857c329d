import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, portRangeBelowEphemeral } from './free-port.ts';

describe('freePort', () => {
  it('hands out distinct ports that can be bound, below the ephemeral range', async () => {
    const range = portRangeBelowEphemeral();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      if (range) expect(port).toBeGreaterThanOrEqual(range.low);
      if (range) expect(port).toBeLessThanOrEqual(range.high);
      await listenAndClose(port);
    }
  });

  it('skips a port something is already listening on', async () => {
    const taken = net.createServer();
    const first = await freePort();
    await new Promise<void>((resolve) => taken.listen(first + 1, '127.0.0.1', resolve));
    try {
      expect(await freePort()).not.toBe(first + 1);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('portRangeBelowEphemeral', () => {
  it('ends just below the kernel range', () => {
    expect(portRangeBelowEphemeral(() => '32768\t60999\n')).toEqual({ low: 20_000, high: 32_767 });
  });

  it('leaves the choice to the kernel when the range is unknown or too low', () => {
    expect(portRangeBelowEphemeral(() => 'nonsense')).toBeUndefined();
    expect(portRangeBelowEphemeral(() => '20500 60999')).toBeUndefined();
    expect(
      portRangeBelowEphemeral(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});

function listenAndClose(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
