import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '@kyros/activities/activities';

const { readinessEcho } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 seconds',
  // A probe must report the truth now, not after retries.
  retry: { maximumAttempts: 1 },
});

/** Proves the task queue works end to end: a worker ran this workflow and one of its activities. */
export async function readinessProbe(nonce: string): Promise<string> {
  return await readinessEcho(nonce);
}
