import { describe, expect } from 'vitest';
import { jobWorkflowId } from '@kyros/workflows/job-workflow-api';
import {
  recordHistoryFixture,
  replayOwnHistory,
  taskHistory,
} from '@kyros/test-support/temporal/task-history';
import { eventually } from '@kyros/test-support/stacks/task-run-helpers';
import { seedDefaultPresets } from './seed-presets.ts';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

// A short review window, so the job also shows expiry once its variants are there.
test.override({ collabSeed: 'none', stackOptions: { reviewTimeoutSeconds: 3 } });

describe('a job whose worker dies mid-generation', () => {
  let stack: Stack;

  test.beforeAll(async ({ stack: started }) => {
    stack = started;
    await seedDefaultPresets(stack.prisma);
  });

  test('still ends with exactly the expected variants after a SIGKILL, then expires unreviewed', async () => {
    await stack.workerChild('first-variant', async (worker) => {
      const operator = stack.as('operator');
      const preset = (await operator.listPresets()).items.find((p) => p.name === 'release-notes');
      // The worker holds right after writing the first variant row, until it is killed.
      const { id } = await operator.createJob({ preset_id: preset?.id ?? '' });
      await worker.held();
      expect((await operator.getJob(id)).job.status).toBe('generating');
      expect(await stack.prisma.variant.count({ where: { jobId: id } })).toBe(1);
      expect(await worker.kill()).toBe('SIGKILL');

      await stack.startWorker();
      await eventually(async () => (await operator.getJob(id)).job.status, 'expired', 90_000);
      const { job, variants } = await operator.getJob(id);
      expect(job.finished_at).not.toBeNull();
      expect(variants.map((variant) => [variant.ordinal, variant.status, variant.version])).toEqual(
        [
          [0, 'draft', 1],
          [1, 'draft', 1],
          [2, 'draft', 1],
        ],
      );
      expect(new Set(variants.map((variant) => variant.content.title)).size).toBe(3);

      const handle = stack.temporal.workflow.getHandle(jobWorkflowId(id));
      expect(await handle.result()).toEqual({ outcome: 'expired' });
      const history = await taskHistory(handle);
      const generateScheduled = new Set<string>();
      const attempts: number[] = [];
      for (const event of history.history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled?.activityType?.name === 'generateJobVariants') {
          generateScheduled.add(String(event.eventId));
        }
        const started = event.activityTaskStartedEventAttributes;
        if (started && generateScheduled.has(String(started.scheduledEventId))) {
          attempts.push(started.attempt ?? 0);
        }
      }
      // Attempt 1 died with its worker (heartbeat timeout); attempt 2 resumed the flow's thread.
      expect(attempts).toEqual([2]);
      await replayOwnHistory(history, handle.workflowId);
      await recordHistoryFixture(
        'job-workflow-worker-crash-expired',
        history,
        stack.temporalAddress,
      );
    });
  });
});
