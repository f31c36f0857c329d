import { randomBytes } from 'node:crypto';
import {
  expect,
  expectSameDocument,
  markDocument,
  test,
  waitUntilLive,
} from '../support/fixtures.ts';
import { E2E_AGENT } from '../support/provision.ts';

test('a task created, claimed with a lease and moved on the board shows up live on the events page', async ({
  page: eventsPage,
  context,
  agentApi,
}) => {
  const title = `E2E lifecycle ${randomBytes(4).toString('hex')}`;
  // The key the global setup minted is bound to this agent: it acts only as it.
  const agent = E2E_AGENT;

  // The events page is open first and stays open: everything below must reach it live.
  await eventsPage.goto('/events');
  await expect(eventsPage.getByTestId('page-title')).toHaveText('Events');
  await waitUntilLive(eventsPage);
  await markDocument(eventsPage);

  // Create the task through the board in a second tab.
  const board = await context.newPage();
  await board.goto('/tasks');
  await waitUntilLive(board);
  await board.getByTestId('new-task').click();
  await board.getByTestId('new-task-title').fill(title);
  await board.getByTestId('new-task-priority').selectOption('high');
  await board.getByTestId('new-task-submit').click();
  const card = board.locator('[data-testid^="task-card-"]', { hasText: title });
  await expect(card).toHaveAttribute('data-status', 'queued');
  const taskId = (await card.getAttribute('data-testid'))?.replace('task-card-', '') ?? '';
  expect(taskId).toMatch(/^T-\d+$/);
  await expect(board.getByTestId('toast').filter({ hasText: `${taskId} created` })).toBeVisible();

  // An agent claims it and takes a lease on the files it will touch, as agents do through the API.
  await agentApi.transitionTask(taskId, { to: 'claimed', actor: agent });
  const resource = `src/e2e/${taskId.toLowerCase()}/**`;
  const grant = await agentApi.acquireLease({
    resource,
    holder: agent,
    ttl_seconds: 600,
    task_id: taskId,
  });

  // The board follows the claim live; the leases page shows the lease with a running countdown.
  await expect(card).toHaveAttribute('data-status', 'claimed');
  await board.goto('/leases');
  const lease = board.getByTestId(`lease-row-${grant.lock_id}`);
  await expect(lease.getByTestId('lease-resource')).toHaveText(resource);
  await expect(lease.getByTestId('lease-holder')).toHaveText(agent);
  const ttl = lease.getByTestId('lease-ttl');
  await expect(ttl).toContainText(/\d+:\d\d/);
  const firstReading = await ttl.getAttribute('aria-label');
  expect(firstReading).toMatch(/^\d+ seconds left of 600$/);
  // The countdown runs in the page: the seconds left go down without any reload.
  await expect(ttl).not.toHaveAttribute('aria-label', firstReading ?? '');
  const secondsLeft = Number((await ttl.getAttribute('aria-label'))?.split(' ')[0]);
  expect(secondsLeft).toBeLessThan(Number(firstReading?.split(' ')[0]));

  // Move the task on through the board's Move menu.
  await board.goto('/tasks');
  const claimedCard = board.getByTestId(`task-card-${taskId}`);
  await claimedCard.getByTestId('task-move').selectOption('in_progress');
  await expect(claimedCard).toHaveAttribute('data-status', 'in_progress');
  await expect(claimedCard).toHaveAttribute('data-pending', 'false');

  // Every step reached the events page that stayed open, without a reload.
  await eventsPage.bringToFront();
  const feed = eventsPage.getByTestId('event-list');
  const eventOf = (name: string, text: string) =>
    feed.locator(`li[data-event="${name}"]`, { hasText: text });
  await expect(eventOf('task_created', taskId)).toHaveCount(1);
  await expect(eventOf('task_transitioned', taskId).filter({ hasText: 'to=claimed' })).toHaveCount(
    1,
  );
  await expect(eventOf('lease_granted', grant.lock_id).filter({ hasText: taskId })).toHaveCount(1);
  await expect(
    eventOf('task_transitioned', taskId).filter({ hasText: 'to=in_progress' }),
  ).toHaveCount(1);
  await expectSameDocument(eventsPage);
});
