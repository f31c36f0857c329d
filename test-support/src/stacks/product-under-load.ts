import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createKyrosClient, type CollabClient, type JobsClient } from '@kyros/contracts/client';
import {
  freeProductPorts,
  printedAdmin,
  startKyros,
  stopKyros,
  waitForOutput,
  type KyrosProcess,
} from './kyros-process.ts';
import { createTestDatabase, type TestDatabase } from '../database/test-database.ts';
import { testTemporalCli } from '../temporal/test-temporal.ts';

/**
 * The whole product as `npm start` runs it (embedded PostgreSQL, or a fresh database on
 * TEST_DATABASE_URL), signed in as its first admin, with a workspace of Markdown files for
 * `docs/format` runs: the stage for the soak and fault tests.
 */
export interface ProductUnderLoad {
  run: KyrosProcess;
  dataDir: string;
  workspace: string;
  apiUrl: string;
  temporalAddress: string;
  /** Set on the TEST_DATABASE_URL lane; undefined when npm start runs its embedded server. */
  externalDatabase: TestDatabase | undefined;
  jobs: JobsClient;
  collab: CollabClient;
  token: string;
  stop(): Promise<void>;
}

export const UNFORMATTED = '# Title\n\n*  one\n*  two\n\nSome   text.\n';
export const FORMATTED = '# Title\n\n- one\n- two\n\nSome text.\n';

export async function startProductUnderLoad(options: { files: number }): Promise<ProductUnderLoad> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-load-'));
  const workspace = path.join(dataDir, 'workspace');
  await mkdir(path.join(workspace, 'docs'), { recursive: true });
  for (let i = 0; i < options.files; i++) {
    await writeFile(path.join(workspace, 'docs', `load-${i}.md`), UNFORMATTED);
  }
  const externalDatabase = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const ports = await freeProductPorts();
  const run = startKyros({
    KYROS_DATA_DIR: dataDir,
    WORKSPACE_ROOT: workspace,
    TEMPORAL_CLI: await testTemporalCli(),
    ...(externalDatabase ? { DATABASE_URL: externalDatabase.url } : {}),
    ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
  });
  const stop = async () => {
    // It should still be running: if it stopped on its own, its output says why.
    if (run.child.exitCode !== null) console.info(`npm start had exited:\n${run.output()}`);
    await stopKyros(run);
    await externalDatabase?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForOutput(run, 'Kyros is ready in');
    const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
    const admin = printedAdmin(run);
    const { access_token: token } = await createKyrosClient({ baseUrl: apiUrl }).auth.login(
      admin.email,
      admin.password,
    );
    const { collab, jobs } = createKyrosClient({ baseUrl: apiUrl, credential: token });
    return {
      run,
      dataDir,
      workspace,
      apiUrl,
      temporalAddress: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`,
      externalDatabase,
      collab,
      jobs,
      token,
      stop,
    };
  } catch (error) {
    console.error(run.output());
    await stop();
    throw error;
  }
}

/** Starts `count` release-notes jobs at once; their ids. */
export async function startJobs(product: ProductUnderLoad, count: number): Promise<string[]> {
  const { items: presets } = await product.jobs.listPresets();
  const preset = presets.find((candidate) => candidate.name === 'release-notes');
  if (!preset) throw new Error('the release-notes preset was not seeded');
  const created = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      product.jobs.createJob({ preset_id: preset.id, input: { version: `9.${i}` } }),
    ),
  );
  return created.map((job) => job.id);
}

/** Creates one `docs/format` task per workspace file and starts every run at once; task ids. */
export async function startDocsFormatRuns(
  product: ProductUnderLoad,
  count: number,
): Promise<string[]> {
  const tasks = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      product.collab.createTask({
        title: `Format load-${i}.md`,
        executor: { name: 'docs/format', args: { glob: `docs/load-${i}.md` } },
      }),
    ),
  );
  await Promise.all(
    tasks.map(async ({ id }) => {
      const response = await fetch(`${product.apiUrl}/collab/tasks/${id}/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${product.token}` },
      });
      if (response.status !== 202) {
        throw new Error(`run ${id}: ${response.status} ${await response.text()}`);
      }
    }),
  );
  return tasks.map((task) => task.id);
}

/** `writers` concurrent clients each appending `perWriter` events; the acknowledged ids. */
export async function writeEvents(
  product: ProductUnderLoad,
  writers: number,
  perWriter: number,
  marker: string,
): Promise<number[]> {
  const acknowledged: number[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < perWriter; n++) {
        const { id } = await product.collab.appendEvent({
          // No actor: the credential decides it (docs/adr/0008).
          event: 'load_probe',
          target: `writer-${writer}`,
          details: { marker, writer, n },
        });
        acknowledged.push(id);
      }
    }),
  );
  return acknowledged;
}

/** Every event of the log (all pages). */
export async function readAllEvents(product: ProductUnderLoad) {
  const events = [];
  let after = 0;
  for (;;) {
    const page = await product.collab.listEvents({ after, limit: 1000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.next_after === after) return events;
    after = page.next_after;
  }
}

/** Polls until `check` answers true; fails with `describe()` after `boundMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  describe: () => Promise<string> | string,
  boundMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
