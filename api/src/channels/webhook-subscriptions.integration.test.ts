// Outbound subscriptions on a real stack. The SSRF guard with the product's default policy (no
// KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS): refused at creation and on PATCH, and at delivery after the
// name resolves, with the delivery activity run as the worker runs it against a real local sink.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { createWebhookActivities } from '@kyros/activities/webhooks/webhook-activities';
import { createKyrosClient, type KyrosClient } from '@kyros/contracts/client/kyros-client';
import type { HostLookup, WebhookTargetPolicy } from '@kyros/contracts/webhook-target';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { Stack } from '@kyros/test-support/stacks/stack';

const SECRETS_KEY = 'test-webhook-secrets-key-of-32-characters-or-more';

let stack: Stack;
let subscriptions: KyrosClient['webhooks']['subscriptions'];
test.beforeAll(({ stack: started }) => {
  stack = started;
  subscriptions = createKyrosClient({
    baseUrl: stack.apiUrl,
    credential: stack.auth.adminToken,
  }).webhooks.subscriptions;
});

async function create(url: string) {
  const response = await fetch(`${stack.apiUrl}/channels/webhook-subscriptions`, {
    method: 'POST',
    headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'target', url, event_types: ['task_transitioned'] }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('creating or changing a subscription', () => {
  test.each([
    ['http://127.0.0.1:8000/hook', '127.0.0.1 is not a public address (loopback)'],
    [
      'http://localhost:8000/hook',
      'localhost resolves to 127.0.0.1, not a public address (loopback)',
    ],
    ['http://2130706433/hook', '127.0.0.1 is not a public address (loopback)'],
    [
      'http://169.254.169.254/latest/meta-data/',
      '169.254.169.254 is not a public address (link-local)',
    ],
    ['http://10.1.2.3/hook', '10.1.2.3 is not a public address (private)'],
    ['http://192.168.0.10/hook', '192.168.0.10 is not a public address (private)'],
    ['http://0.0.0.0:8000/hook', '0.0.0.0 is not a public address (unspecified)'],
    ['http://224.0.0.1/hook', '224.0.0.1 is not a public address (multicast)'],
    ['http://[::1]:8000/hook', '::1 is not a public address (loopback)'],
    ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1 is not a public address (loopback)'],
    ['http://[fd00::1]/hook', 'fd00::1 is not a public address (unique-local)'],
    ['http://[fe80::1]/hook', 'fe80::1 is not a public address (link-local)'],
  ])('%s is refused with 400 problem+json', async (url, detail) => {
    const before = await stack.prisma.webhookSubscription.count();
    const answer = await create(url);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body.detail).toContain(detail);
    expect(answer.body.detail).toContain('webhooks are delivered only to public addresses');
    expect(answer.body.errors).toEqual([{ path: 'url', message: answer.body.detail }]);
    expect(await stack.prisma.webhookSubscription.count()).toBe(before);
  });

  test('a public address is accepted, and a PATCH to a private one is refused, changing nothing', async () => {
    const created = await create('http://93.184.215.14/hook');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body.id);
    const patch = await fetch(`${stack.apiUrl}/channels/webhook-subscriptions/${id}`, {
      method: 'PATCH',
      headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://169.254.169.254/latest/meta-data/' }),
    });
    expect(patch.status).toBe(400);
    expect((await subscriptions.get(id)).url).toBe('http://93.184.215.14/hook');
    expect(await subscriptions.update(id, { name: 'renamed' })).toMatchObject({ name: 'renamed' });
  });

  test('a name that does not resolve yet is accepted: every delivery checks again', async () => {
    expect((await create('https://hooks.kyros.invalid/hook')).status).toBe(201);
  });
});

describe('many admins at once', () => {
  const BASE = '/channels/webhook-subscriptions';
  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { ...stack.auth.adminHeaders, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  const audited = (action: string, targetId: string) =>
    stack.prisma.auditEvent.count({ where: { action, targetId } });

  test('twenty concurrent creates: twenty subscriptions, each listed once, each with its own secret and audit row', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', BASE, {
          name: `many-${String(i)}`,
          url: `http://93.184.215.${String(i + 1)}/hook`,
          event_types: ['task_transitioned'],
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(20).fill(201));
    const ids = answers.map((answer) => String(answer.body.id));
    expect(new Set(ids).size).toBe(20);
    expect(new Set(answers.map((answer) => answer.body.secret)).size).toBe(20);
    const listed = (await subscriptions.list()).filter((each) => each.name.startsWith('many-'));
    expect(listed.map((each) => each.id).sort()).toEqual([...ids].sort());
    const rows = await Promise.all(ids.map((id) => audited('webhook_subscription.created', id)));
    expect(rows).toEqual(Array<number>(20).fill(1));
  });

  test('concurrent PATCHes of different fields all land: no update is lost', async () => {
    const { id } = await subscriptions.create({
      name: 'patched',
      url: 'http://93.184.216.1/hook',
      event_types: ['task_transitioned'],
    });
    // The routes take no If-Match: a PATCH writes only its own fields, so disjoint ones compose.
    const patches = [
      { name: 'patched-renamed' },
      { url: 'http://93.184.216.2/moved' },
      { event_types: ['lease_granted', 'channel_command'] },
      { enabled: false },
    ];
    const rounds = await Promise.all(
      Array.from({ length: 5 }, () =>
        Promise.all(patches.map((patch) => call('PATCH', `${BASE}/${id}`, patch))),
      ),
    );
    expect(rounds.flat().map((answer) => answer.status)).toEqual(Array<number>(20).fill(200));
    expect(await subscriptions.get(id)).toMatchObject({
      name: 'patched-renamed',
      url: 'http://93.184.216.2/moved',
      event_types: ['lease_granted', 'channel_command'],
      enabled: false,
    });
    expect(await audited('webhook_subscription.updated', id)).toBe(20);
  });

  test('ten concurrent DELETEs of one subscription: one 204, nine 404, one audit row', async () => {
    const { id } = await subscriptions.create({
      name: 'deleted',
      url: 'http://93.184.216.3/hook',
      event_types: ['*'],
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call('DELETE', `${BASE}/${id}`)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      204,
      ...Array<number>(9).fill(404),
    ]);
    for (const refused of answers.filter((answer) => answer.status === 404)) {
      expect(refused.body).toMatchObject({ status: 404 });
    }
    expect(await audited('webhook_subscription.deleted', id)).toBe(1);
    expect(await stack.prisma.webhookSubscription.count({ where: { id } })).toBe(0);
  });

  test('PATCHes racing a DELETE answer 200 or 404, never 500, and leave nothing behind', async () => {
    const { id } = await subscriptions.create({
      name: 'raced',
      url: 'http://93.184.216.4/hook',
      event_types: ['*'],
    });
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        call('PATCH', `${BASE}/${id}`, { name: `raced-${String(i)}` }),
      ),
      call('DELETE', `${BASE}/${id}`),
      ...Array.from({ length: 5 }, (_, i) =>
        call('PATCH', `${BASE}/${id}`, { name: `late-${String(i)}` }),
      ),
    ]);
    expect(answers[5]?.status).toBe(204);
    for (const answer of answers) expect([200, 204, 404]).toContain(answer.status);
    expect((await call('GET', `${BASE}/${id}`)).status).toBe(404);
    const updated = answers.filter((answer) => answer.status === 200).length;
    expect(await audited('webhook_subscription.updated', id)).toBe(updated);
  });
});

describe('delivering', () => {
  /** A resolver whose answer the test sets: the name "rebinds" between creation and delivery. */
  const resolvingTo =
    (...addresses: string[]): HostLookup =>
    () =>
      Promise.resolve(
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  /** A test-fire's delivery to `http://<host>:<port><path>`, waiting for the test to run it. */
  async function deliveryTo(host: string, port: string, path: string) {
    // Accepted at creation: the name does not resolve on this machine (a public answer would do too).
    const subscription = await subscriptions.create({
      name: 'rebinding',
      url: `http://${host}:${port}${path}`,
      event_types: ['task_transitioned'],
    });
    // No worker serves this file: the started workflow waits, and the test runs its activity.
    return (await subscriptions.testFire(subscription.id)).id;
  }

  /** One attempt of the delivery activity, as the worker runs it, under `targets`. */
  function attempt(deliveryId: string, webhookTargets?: WebhookTargetPolicy) {
    const activities = createWebhookActivities({
      prisma: stack.prisma,
      webhookSecretsKey: () => Promise.resolve(SECRETS_KEY),
      ...(webhookTargets ? { webhookTargets } : {}),
    });
    return new MockActivityEnvironment({ attempt: 1 }).run(
      (id: string) => activities.deliverWebhook(id),
      deliveryId,
    );
  }

  test('a name that now resolves to loopback is refused after resolution; the sink hears nothing', async ({
    httpSink,
  }) => {
    const id = await deliveryTo('rebind.kyros.invalid', new URL(httpSink.url).port, '/rebound');
    const lookup = resolvingTo('93.184.215.14', '127.0.0.1');
    const error = await attempt(id, { allowPrivate: false, lookup }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'WebhookTargetRefused', nonRetryable: true });
    const row = await stack.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(row.lastError).toContain(
      'rebind.kyros.invalid resolves to 127.0.0.1, not a public address (loopback)',
    );
    expect(httpSink.requests.filter((request) => request.path === '/rebound')).toEqual([]);
  });

  test('a literal private address stored before the guard existed is refused too', async ({
    httpSink,
  }) => {
    const id = await deliveryTo('literal.kyros.invalid', new URL(httpSink.url).port, '/literal');
    // The API refuses such a URL now; only a row written before the guard can still hold one.
    await stack.prisma.webhookSubscription.updateMany({
      where: { deliveries: { some: { id } } },
      data: { url: `${httpSink.url}/literal` },
    });
    const error = await attempt(id).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: 'WebhookTargetRefused' });
    expect(httpSink.requests.filter((request) => request.path === '/literal')).toEqual([]);
  });

  test('allowed, the connection goes to the address the check resolved, not to a fresh lookup', async ({
    httpSink,
  }) => {
    const host = 'sink.kyros.invalid';
    const port = new URL(httpSink.url).port;
    const id = await deliveryTo(host, port, '/allowed');
    // The system resolver knows no such name: only the checked answer can have reached the sink.
    expect(await attempt(id, { allowPrivate: true, lookup: resolvingTo('127.0.0.1') })).toBe(1);
    const [received] = await httpSink.received('/allowed');
    expect(received?.headers.host).toBe(`${host}:${port}`);
    expect(await stack.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'delivered',
      lastStatusCode: 200,
    });
  });
});
