import { createKyrosClient } from '@kyros/contracts/client';
import {
  expect,
  expectSameDocument,
  markDocument,
  test,
  waitUntilHydrated,
  waitUntilLive,
} from '../support/fixtures.ts';
import { stackEnv } from '../support/paths.ts';
import { E2E_AGENT } from '../support/provision.ts';
import { docsScreenshot } from '../support/screenshots.ts';
import { adminClient, e2eAgentKeyId, fireSignedWebhook } from '../support/webhooks.ts';

function agentClient(apiUrl: string) {
  return createKyrosClient({ baseUrl: apiUrl, credential: stackEnv('apiKey') });
}

test('Remote › Real-time: "move <task> to review" over the WebSocket moves the card on an open board', async ({
  browser,
  page: remote,
  agentApi,
}, testInfo) => {
  // The example is T-101, which waits on T-100 in the seed; a task of its own keeps this
  // test independent of the others. The bound agent takes it to in progress as an agent would.
  const { id } = await agentApi.createTask({ title: 'Moved from Remote control' });
  await agentApi.transitionTask(id, { to: 'claimed', actor: E2E_AGENT });
  await agentApi.transitionTask(id, { to: 'in_progress', actor: E2E_AGENT });

  // The board is open in a context of its own and must follow the move live, without a reload.
  const boardContext = await browser.newContext({
    storageState: await remote.context().storageState(),
  });
  const board = await boardContext.newPage();
  await board.goto(`${stackEnv('consoleUrl')}/tasks`);
  await waitUntilLive(board);
  await markDocument(board);
  const card = board.getByTestId(`task-card-${id}`);
  await expect(card).toHaveAttribute('data-status', 'in_progress');

  await remote.goto('/remote');
  await expect(remote.getByTestId('page-title')).toHaveText('Remote');
  await expect(remote.getByTestId('remote-nav-realtime')).toHaveAttribute('aria-current', 'page');
  await expect(remote.getByTestId('remote-socket-state')).toHaveText('connected');
  await expect(remote.getByTestId('remote-actor')).toContainText('user:');
  await remote.getByTestId('remote-command').fill(`move ${id} to review`);
  await remote.getByTestId('remote-send').click();
  const reply = remote.getByTestId('remote-response').first();
  await expect(reply).toHaveAttribute('data-outcome', 'ok');
  await expect(reply.getByTestId('remote-response-title')).toHaveText(
    `${id} moved in_progress → review`,
  );
  // The command reached the activity feed of every channel's commands.
  await expect(
    remote.getByTestId('event-list').locator('li[data-event="channel_command"]').first(),
  ).toContainText('channel:websocket');

  await expect(card).toHaveAttribute('data-status', 'review');
  await expectSameDocument(board);
  expect((await agentApi.getTask(id)).task.status).toBe('review');
  await docsScreenshot(remote, testInfo, 'remote-realtime');

  // The other tabs: Scheduled is the Scheduler's own view; Triggers lists the inbound channels.
  await remote.getByTestId('remote-nav-scheduled').click();
  await expect(remote).toHaveURL(/\/remote\/scheduled$/);
  await waitUntilHydrated(remote);
  // Create, resume and delete through this tab: its route runs the Scheduler's own action.
  const name = `Remote tab ${id}`;
  await remote.getByTestId('schedule-name').fill(name);
  await remote.getByTestId('schedule-paused').check();
  await remote.getByTestId('schedule-create').click();
  const schedule = remote.getByTestId('schedule-item').filter({ hasText: name });
  await expect(schedule.getByTestId('schedule-resume')).toBeVisible();
  await expect(schedule.getByTestId('schedule-next-runs')).toBeVisible();
  await docsScreenshot(remote, testInfo, 'remote-scheduled');
  await schedule.getByTestId('schedule-resume').click();
  await expect(schedule.getByTestId('schedule-pause')).toBeVisible();
  remote.once('dialog', (dialog) => void dialog.accept());
  await schedule.getByTestId('schedule-delete').click();
  await expect(schedule).toHaveCount(0);
  await expect(remote).toHaveURL(/\/remote\/scheduled$/);
  // Triggers has a test of its own (8-remote-triggers.spec.ts).
  await remote.getByTestId('remote-nav-triggers').click();
  await expect(remote.getByTestId('trigger-cards').locator('article')).toHaveCount(3);
  await expect(remote.getByTestId('remote-nav-terminal')).toHaveAttribute(
    'href',
    '/remote/terminal',
  );
  await boardContext.close();
});

test('a signed webhook fired from the test appears live on the Channels page', async ({
  page,
}, testInfo) => {
  // An admin sets the webhook up through the API; from then on only its secret is needed.
  const admin = await adminClient();
  const hook = await admin.webhooks.inbound.create({
    name: `e2e-channels-${Date.now()}`,
    acts_as: { api_key_id: await e2eAgentKeyId(admin) },
  });

  await page.goto('/channels');
  await expect(page.getByTestId('page-title')).toHaveText('Channels');
  await waitUntilLive(page);
  await waitUntilHydrated(page);
  await markDocument(page);
  const card = page.getByTestId('channel-card-webhook');
  await expect(card.getByTestId('channel-status')).toHaveText('enabled');
  const received = Number(await card.getByTestId('channel-count-received').textContent());

  // Signed here with the standardwebhooks package, as any sender would sign it.
  const sent = await fireSignedWebhook(hook.url, hook.secret, 'status T-102');
  expect(sent.reply.outcome).toBe('ok');

  const row = page
    .getByTestId('event-list')
    .locator('li[data-event="channel_command"]', { hasText: sent.command_id });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('channel:webhook');
  await expect(row).toContainText(E2E_AGENT);
  const flow = page.getByTestId('command-flow');
  await expect(flow.locator('[data-edge="parse→op:status"]')).toBeVisible();
  await expect(flow.getByTestId('command-flow-pulse')).toBeAttached();
  await expect(card.getByTestId('channel-count-received')).toHaveText(String(received + 1));
  await expect(card.getByTestId('channel-last')).not.toContainText('never');
  // Ten senders at once: every command reaches the page once, in the feed, the graph and the count.
  const flowWebhook = flow.locator('[data-node="channel:webhook"]');
  const before = Number(await flowWebhook.getAttribute('data-count'));
  const burst = await Promise.all(
    Array.from({ length: 10 }, () => fireSignedWebhook(hook.url, hook.secret, 'tasks ready')),
  );
  for (const answer of burst) {
    await expect(
      page.getByTestId('event-list').locator('li', { hasText: answer.command_id }),
    ).toHaveCount(1);
  }
  await expect(flowWebhook).toHaveAttribute('data-count', String(before + 10));
  await expect(card.getByTestId('channel-count-received')).toHaveText(String(received + 11));
  await expectSameDocument(page);
  await docsScreenshot(page, testInfo, 'channels');
  await admin.webhooks.inbound.delete(hook.id);
});

test('the task timeline shows the workflow’s activities after a run', async ({
  page,
  agentApi,
  apiUrl,
}, testInfo) => {
  const { id } = await agentApi.createTask({
    title: 'Timeline of a formatting run',
    executor: { name: 'docs/format', args: { glob: 'e2e-timeline-none/*.md' } },
  });
  await agentClient(apiUrl).taskRuns.runTask(id);
  await expect
    .poll(async () => (await agentClient(apiUrl).taskRuns.getTaskRun(id)).status, {
      timeout: 60_000,
    })
    .not.toBe('RUNNING');

  await page.goto('/tasks');
  await waitUntilLive(page);
  await page.getByTestId(`task-card-${id}`).getByTestId('task-open-timeline').click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
  const timeline = page.getByTestId('task-timeline');
  await expect(timeline.locator('[data-step="runTaskExecutor"]')).toHaveAttribute(
    'data-status',
    /completed|failed/,
  );
  // The collaboration steps run as local activities; Temporal's own bookkeeping is folded.
  await expect(timeline.locator('[data-step-kind="local_activity"]').first()).toHaveAttribute(
    'data-status',
    'completed',
  );
  await expect(timeline.locator('[data-step="taskWorkflow"]')).toHaveAttribute(
    'data-status',
    'started',
  );
  await expect(page.getByTestId('timeline-count')).toContainText('workflow events folded');
  await expect(timeline.locator('li[data-key^="event:"]').first()).toBeAttached();
  // Entries have unique keys: the reload on opening and the live stream added no duplicates.
  const entries = timeline.getByTestId('timeline-entry');
  const keys: (string | null)[] = [];
  for (let index = 0; index < (await entries.count()); index += 1) {
    keys.push(await entries.nth(index).getAttribute('data-key'));
  }
  expect(new Set(keys).size).toBe(keys.length);
  await docsScreenshot(page, testInfo, 'task-timeline');
});
