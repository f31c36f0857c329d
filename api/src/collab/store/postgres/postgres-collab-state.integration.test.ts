import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { strongEtag } from '../../domain/canonical-json.ts';
import { TOMBSTONE_WINDOW, type RowDocument } from './collab-rows.ts';
import { PostgresCollabState } from './postgres-collab-state.ts';

// Two copies of the state on one database stand for two API replicas. Their commits contend for
// the writer lock for real; nothing here waits on a timer.

type Task = { id: string; n: number };
type Tasks = { version: number; tasks: Task[] };

const EMPTY: Record<DocumentKind, RowDocument> = {
  tasks: { version: 0, tasks: [] },
  locks: { version: 0, fencing_token: 0, leases: [], task_fences: {} },
  agents: { version: 0, agents: [] },
};

let database: TestDatabase;
const pools: pg.Pool[] = [];

beforeEach(async () => {
  database = await createTestDatabase({ migrated: true });
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
  await database.drop();
});

let imports = 0;
async function replica(initial: Record<DocumentKind, RowDocument> = EMPTY) {
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // Dropping the database ends its idle connections; the pool reports that, harmlessly.
  pool.on('error', () => undefined);
  pools.push(pool);
  return PostgresCollabState.open({
    pool,
    initial: () => {
      imports += 1;
      return Promise.resolve(initial);
    },
    parse: (_kind, doc) => doc as RowDocument,
  });
}

function tasksOf(state: PostgresCollabState): Tasks {
  return state.document('tasks') as unknown as Tasks;
}

/** One mutation the way KindDocumentStore makes them: new objects, unchanged items kept. */
function commitTasks(state: PostgresCollabState, change: (tasks: Task[]) => Task[]) {
  return state.persistence<Tasks>('tasks').commit(tasksOf(state), (latest) => ({
    ...latest,
    version: latest.version + 1,
    tasks: change(latest.tasks),
  }));
}

const bump = (id: string) => (tasks: Task[]) =>
  tasks.map((task) => (task.id === id ? { ...task, n: task.n + 1 } : task));

describe('PostgreSQL collaboration state', () => {
  it('imports into an empty database once; later opens load the rows, in document order', async () => {
    imports = 0;
    const seed = {
      ...EMPTY,
      tasks: {
        version: 7,
        tasks: [
          { id: 'T-9', n: 1 },
          { id: 'T-2', n: 2 },
        ],
      },
    };
    const first = await replica(seed);
    const second = await replica({ ...EMPTY, tasks: { version: 1, tasks: [] } });
    expect(imports).toBe(1);
    expect(tasksOf(second)).toEqual(seed.tasks);
    expect(strongEtag(7, tasksOf(second))).toBe(strongEtag(7, tasksOf(first)));
  });

  it('commits from two replicas at once lose no update and number the versions without a gap', async () => {
    const a = await replica();
    const b = await replica();
    await commitTasks(a, (tasks) => [...tasks, { id: 'T-1', n: 0 }]);
    const PER_REPLICA = 40;
    await Promise.all(
      [a, b].flatMap((state) =>
        Array.from({ length: PER_REPLICA }, () => commitTasks(state, bump('T-1'))),
      ),
    );
    const latest = await replica();
    expect(tasksOf(latest).tasks).toEqual([{ id: 'T-1', n: 2 * PER_REPLICA }]);
    expect(tasksOf(latest).version).toBe(1 + 2 * PER_REPLICA);
  });

  it('a commit on one replica first catches up every kind with the other’s writes', async () => {
    const a = await replica();
    const b = await replica();
    await a.persistence<RowDocument>('locks').commit(a.document('locks'), (latest) => ({
      ...latest,
      version: latest.version + 1,
      fencing_token: 1,
    }));
    let seenLocks: RowDocument | undefined;
    await b.persistence<Tasks>('tasks').commit(tasksOf(b), (latest) => {
      seenLocks = b.document('locks');
      return { ...latest, version: latest.version + 1, tasks: [{ id: 'T-1', n: 0 }] };
    });
    expect(seenLocks).toMatchObject({ version: 1, fencing_token: 1 });
  });

  it('a catch-up carries updates, deletions and new items in the writer’s order', async () => {
    const a = await replica();
    const b = await replica();
    await commitTasks(a, () => ['T-1', 'T-2', 'T-3'].map((id) => ({ id, n: 0 })));
    await b.catchUp();
    await commitTasks(a, (tasks) => bump('T-3')(tasks).filter((task) => task.id !== 'T-2'));
    await commitTasks(a, (tasks) => [...tasks, { id: 'T-4', n: 0 }, { id: 'T-2', n: 9 }]);
    await b.catchUp();
    expect(tasksOf(b)).toEqual(tasksOf(a));
    expect(tasksOf(b).tasks.map((task) => task.id)).toEqual(['T-1', 'T-3', 'T-4', 'T-2']);
  });

  it('a draft that moved items is stored, and answered, in position order', async () => {
    const a = await replica();
    await commitTasks(a, () => [
      { id: 'T-1', n: 0 },
      { id: 'T-2', n: 0 },
    ]);
    const committed = await commitTasks(a, (tasks) => [
      { id: 'T-0', n: 0 },
      ...bump('T-1')(tasks).reverse(),
    ]);
    expect(committed.tasks.map((task) => task.id)).toEqual(['T-1', 'T-2', 'T-0']);
    expect(tasksOf(await replica())).toEqual(committed);
  });

  it('a replica behind purged tombstones reloads the kind whole', async () => {
    const a = await replica();
    const b = await replica();
    await commitTasks(a, () => [{ id: 'T-keep', n: 0 }]);
    await b.catchUp();
    for (let i = 0; i < 2 * TOMBSTONE_WINDOW; i += 1) {
      await commitTasks(a, (tasks) =>
        i % 2 === 0 ? [...tasks, { id: 'T-gone', n: i }] : tasks.filter((t) => t.id === 'T-keep'),
      );
    }
    const [pool] = pools;
    const { rows } = await (pool as pg.Pool).query<{ purged: number }>(
      "SELECT purged_through AS purged FROM collab_boards WHERE kind = 'tasks'",
    );
    expect(rows[0]?.purged).toBeGreaterThan(tasksOf(b).version);
    await b.catchUp();
    expect(tasksOf(b)).toEqual(tasksOf(a));
  });

  it('a decide that throws writes nothing', async () => {
    const a = await replica();
    await expect(
      a.persistence<Tasks>('tasks').commit(tasksOf(a), () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(tasksOf(await replica()).version).toBe(0);
  });
});
