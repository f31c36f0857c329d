import { TokenResponse } from '@kyros/contracts/schemas/auth';
import { createKyrosClient, type JobsClient } from '@kyros/contracts/client';
import {
  expect,
  expectSameDocument,
  markDocument,
  test,
  waitUntilLive,
} from '../support/fixtures.ts';
import { stackEnv } from '../support/paths.ts';

/** The jobs API as the suite's admin, signed in through the API (as a script or a channel would). */
async function jobsApi(apiUrl: string): Promise<JobsClient> {
  const response = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: stackEnv('adminEmail'),
      password: stackEnv('adminPassword'),
    }),
  });
  expect(response.status).toBe(200);
  const { access_token: token } = TokenResponse.parse(await response.json());
  return createKyrosClient({ baseUrl: apiUrl, credential: token }).jobs;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  await expect.poll(async () => done((value = await read()))).toBe(true);
  return value;
}

test("a job's page follows its status from the live event stream, with its loader held", async ({
  page,
  apiUrl,
}) => {
  const jobs = await jobsApi(apiUrl);
  const preset = (await jobs.listPresets()).items.find((item) => item.name === 'release-notes');
  const { id } = await jobs.createJob({ preset_id: preset?.id ?? '', input: { version: '5.0' } });
  const detail = await until(
    () => jobs.getJob(id),
    ({ job }) => job.status === 'awaiting_review',
  );

  await page.goto(`/jobs/${id}`);
  const status = page.getByTestId('job-status');
  await expect(status).toHaveAttribute('data-status', 'awaiting_review');
  await waitUntilLive(page);
  await markDocument(page);
  // From here no loader answers: every revalidation of the page's data is held unanswered, so
  // whatever the page shows next came over the event stream, not from polling or a reload.
  const held: string[] = [];
  await page.route(
    (url) => url.pathname.endsWith('.data'),
    (route) => {
      held.push(route.request().url());
    },
  );

  await jobs.acceptVariant(id, detail.variants[0]?.id ?? '');

  await expect(status).toHaveAttribute('data-status', 'done');
  await expectSameDocument(page);
  expect((await jobs.getJob(id)).job.status).toBe('done');
  // The page does ask for fresh data on the job events (for the variants); none is answered.
  await expect.poll(() => held.length).toBeGreaterThan(0);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});
