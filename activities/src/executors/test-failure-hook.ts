import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { FLOW_NODES, type FlowNodeName } from '../flows/summarize-docs-graph.ts';
import { isNotFound } from '../workspace/is-not-found.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import type { ExecutorContext } from './executor-context.ts';
import { ExecutorInputError, ExecutorTransientError } from './executor-errors.ts';

/**
 * Test-only failure injection, read from a file in the workspace so that a test can drive a
 * worker in another process without mocking our code. Honoured only when the context has
 * `testHooks: true`, which the worker sets only under NODE_ENV=test.
 */
export const TEST_FAILURES_FILE = '.kyros-test-failures.json';
/** While an attempt is held, it heartbeats until this file exists in the workspace or it is cancelled. */
export const TEST_RELEASE_FILE = '.kyros-test-release';

const InjectedFailures = z.record(
  z.string(),
  z.strictObject({
    /** The next N attempts throw ExecutorTransientError (retried by the activity's policy). */
    transient: z.number().int().nonnegative().optional(),
    /** The next N attempts throw ExecutorInputError (not retried). */
    input: z.number().int().nonnegative().optional(),
    /** The next N attempts wait, heartbeating, until TEST_RELEASE_FILE exists or cancellation. */
    hold: z.number().int().nonnegative().optional(),
    /** A `flow/*` executor's next attempt fails after this node's work, before its checkpoint. */
    failAfterNode: z.enum(FLOW_NODES).optional(),
  }),
);
export type InjectedFailures = z.infer<typeof InjectedFailures>;

const POLL_MS = 100;

/** Writes the failures the next attempts of the named executors will meet. */
export async function injectExecutorFailures(
  workspaceRoot: string,
  failures: InjectedFailures,
): Promise<void> {
  await writeFileAtomically(
    path.join(workspaceRoot, TEST_FAILURES_FILE),
    `${JSON.stringify(failures)}\n`,
  );
}

// Attempts in one worker take their turn one at a time, so each decrement is read-modify-write
// without a lost update; tests run one worker per workspace at a time.
let queue: Promise<unknown> = Promise.resolve();

/** Takes one injected failure for `executor`, if any, and acts on it; called before every attempt. */
export async function consumeInjectedFailure(
  executor: string,
  context: ExecutorContext,
): Promise<void> {
  const turn = queue.then(() => takeOne(executor, context.workspaceRoot));
  queue = turn.catch(() => undefined);
  const kind = await turn;
  if (kind === 'transient')
    throw new ExecutorTransientError(`injected transient failure of ${executor}`);
  if (kind === 'input') throw new ExecutorInputError(`injected bad-input failure of ${executor}`);
  if (kind === 'hold') await holdUntilReleased(executor, context);
}

/** Takes a flow executor's injected `failAfterNode`, if any: only one attempt meets it. */
export async function takeInjectedFailAfterNode(
  executor: string,
  workspaceRoot: string,
): Promise<FlowNodeName | undefined> {
  const turn = queue.then(async () => {
    const file = path.join(workspaceRoot, TEST_FAILURES_FILE);
    const failures = await readFailures(file);
    const { failAfterNode, ...rest } = failures?.[executor] ?? {};
    if (failures === null || failAfterNode === undefined) return undefined;
    failures[executor] = rest;
    await writeFileAtomically(file, `${JSON.stringify(failures)}\n`);
    return failAfterNode;
  });
  queue = turn.catch(() => undefined);
  return turn;
}

async function readFailures(file: string): Promise<InjectedFailures | null> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  return text === null ? null : InjectedFailures.parse(JSON.parse(text));
}

async function takeOne(
  executor: string,
  workspaceRoot: string,
): Promise<'transient' | 'input' | 'hold' | null> {
  const file = path.join(workspaceRoot, TEST_FAILURES_FILE);
  const failures = await readFailures(file);
  const entry = failures?.[executor];
  if (failures === null || !entry) return null;
  const kind = (['transient', 'input', 'hold'] as const).find((name) => (entry[name] ?? 0) > 0);
  if (kind === undefined) return null;
  failures[executor] = { ...entry, [kind]: (entry[kind] ?? 0) - 1 };
  await writeFileAtomically(file, `${JSON.stringify(failures)}\n`);
  return kind;
}

async function holdUntilReleased(executor: string, context: ExecutorContext): Promise<void> {
  const release = path.join(context.workspaceRoot, TEST_RELEASE_FILE);
  for (let polls = 0; ; polls += 1) {
    context.signal.throwIfAborted();
    context.heartbeat({ phase: 'test-hold', done: polls, message: `${executor} held for a test` });
    const released = await stat(release).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
    if (released) {
      await rm(release, { force: true });
      return;
    }
    await sleep(POLL_MS, undefined, { signal: context.signal }).catch((error: unknown) => {
      if (!context.signal.aborted) throw error;
    });
  }
}
