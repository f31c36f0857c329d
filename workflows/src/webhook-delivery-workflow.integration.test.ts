import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createActivities } from '@kyros/activities/activities';
import { failure } from '@kyros/contracts/failures';
import { createTimeSkippingTestEnv, workflowBundle } from '../test/workflow-test-env.ts';
import { webhookTestFireWorkflowId } from './webhook-delivery-api.ts';
import { webhookDeliveryWorkflow } from './webhook-delivery-workflow.ts';

type WebhookActivities = Pick<
  ReturnType<typeof createActivities>,
  'deliverWebhook' | 'markWebhookDeliveryFailed'
>;

/** A subscriber that answers 500 `failures` times, then 2xx; the log the activities would write. */
function subscriber(failures: number, gone = false) {
  const log = { attempts: 0, status: 'pending' as 'pending' | 'delivered' | 'failed' };
  const activities: WebhookActivities = {
    deliverWebhook: () => {
      log.attempts += 1;
      if (gone) return Promise.reject(failure('WebhookDeliveryGone', 'deleted'));
      if (log.attempts <= failures) {
        return Promise.reject(failure('WebhookDeliveryFailed', `HTTP 500 (${log.attempts})`));
      }
      log.status = 'delivered';
      return Promise.resolve(log.attempts);
    },
    markWebhookDeliveryFailed: () => {
      log.status = 'failed';
      return Promise.resolve(log.attempts);
    },
  };
  return { log, activities };
}

// The backoff between attempts (2 s doubling to 5 min) passes at once on the time-skipping server.
describe('webhookDeliveryWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function deliver(activities: WebhookActivities) {
    const taskQueue = `webhook-delivery-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    const deliveryId = randomUUID();
    return worker.runUntil(
      env.client.workflow.execute(webhookDeliveryWorkflow, {
        taskQueue,
        workflowId: webhookTestFireWorkflowId(deliveryId),
        args: [{ deliveryId }],
      }),
    );
  }

  it('retries a failing subscriber with backoff until it answers', async () => {
    const { log, activities } = subscriber(5);
    await expect(deliver(activities)).resolves.toEqual({ status: 'delivered', attempts: 6 });
    expect(log.status).toBe('delivered');
  });

  it('marks the delivery failed when the 12 attempts run out', async () => {
    const { log, activities } = subscriber(Number.POSITIVE_INFINITY);
    await expect(deliver(activities)).resolves.toEqual({ status: 'failed', attempts: 12 });
    expect(log.status).toBe('failed');
  });

  it('stops at once when the delivery is gone', async () => {
    const { log, activities } = subscriber(0, true);
    await expect(deliver(activities)).resolves.toEqual({ status: 'failed', attempts: 1 });
    expect(log.attempts).toBe(1);
  });
});
