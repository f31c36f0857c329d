import { describe, expect, it } from 'vitest';
import { lastRoundTrip } from './last-round-trip.ts';

/** A round trip the test settles by hand, counting how many were started. */
function controlledRoundTrip() {
  const pending: { resolve: (detail: string) => void; reject: (error: Error) => void }[] = [];
  const roundTrip = () =>
    new Promise<string>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { roundTrip, pending };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('lastRoundTrip', () => {
  const options = (clock: { now: number }) => ({
    refreshAfterSuccessMs: 10_000,
    refreshAfterFailureMs: 1_000,
    now: () => clock.now,
  });

  it('answers at once while the first round trip is in flight, without a result', async () => {
    const clock = { now: 0 };
    const { roundTrip, pending } = controlledRoundTrip();
    const probe = lastRoundTrip(roundTrip, options(clock));

    await expect(probe(new AbortController().signal)).rejects.toThrow(
      'no round trip has completed yet',
    );
    clock.now = 4_000;
    await expect(probe(new AbortController().signal)).rejects.toThrow(
      'no round trip has completed yet; the next one has been in flight for 4 s',
    );
    expect(pending).toHaveLength(1);
  });

  it('reports the last success with its age, and starts no second round trip meanwhile', async () => {
    const clock = { now: 0 };
    const { roundTrip, pending } = controlledRoundTrip();
    const probe = lastRoundTrip(roundTrip, options(clock));
    await probe(new AbortController().signal).catch(() => undefined);
    clock.now = 120;
    pending[0]?.resolve('round trip on task queue kyros');
    await settled();

    clock.now = 3_120;
    await expect(probe(new AbortController().signal)).resolves.toBe(
      'round trip on task queue kyros (took 120 ms, 3 s ago)',
    );
    expect(pending).toHaveLength(1);
  });

  it('starts the next round trip once the success is old, still answering from the last', async () => {
    const clock = { now: 0 };
    const { roundTrip, pending } = controlledRoundTrip();
    const probe = lastRoundTrip(roundTrip, options(clock));
    await probe(new AbortController().signal).catch(() => undefined);
    pending[0]?.resolve('ok');
    await settled();

    clock.now = 10_000;
    await expect(probe(new AbortController().signal)).resolves.toMatch(/^ok /);
    expect(pending).toHaveLength(2);
    clock.now = 25_000;
    // The second one hangs (a saturated worker): calls keep answering, none piles up behind it.
    await expect(probe(new AbortController().signal)).resolves.toBe(
      'ok (took 0 ms, 25 s ago; the next one has been in flight for 15 s)',
    );
    expect(pending).toHaveLength(2);
  });

  it('reports a failure, and retries it sooner than a success', async () => {
    const clock = { now: 0 };
    const { roundTrip, pending } = controlledRoundTrip();
    const probe = lastRoundTrip(roundTrip, options(clock));
    await probe(new AbortController().signal).catch(() => undefined);
    clock.now = 5_000;
    pending[0]?.reject(new Error('Workflow execution timed out'));
    await settled();

    await expect(probe(new AbortController().signal)).rejects.toThrow(
      'Workflow execution timed out (took 5000 ms, 0 s ago)',
    );
    expect(pending).toHaveLength(1);
    clock.now = 6_000;
    await probe(new AbortController().signal).catch(() => undefined);
    expect(pending).toHaveLength(2);
    pending[1]?.resolve('ok');
    await settled();
    await expect(probe(new AbortController().signal)).resolves.toMatch(/^ok /);
  });
});
