import type { NewEvent } from '@kyros/contracts/schemas/collab-events';
import type { DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { AppError } from '../../errors/app-error.ts';
import type { EventSink } from '../events/event-sink.ts';
import { strongEtag } from '../domain/canonical-json.ts';
import type { KindPersistence } from './kind-persistence.ts';

/**
 * What a mutation decides, computed purely from the current document: the next document (or
 * none when nothing changes), the answer for the caller and the events that record the change.
 * Mutations must return new objects and never modify `current`: that is what makes rollback free.
 */
export interface DocumentChange<Doc, Result> {
  next?: Doc;
  result: Result;
  events?: NewEvent[];
}

export type Mutation<Doc, Result> = (current: Doc) => DocumentChange<Doc, Result>;

interface Pending<Doc> {
  mutation: Mutation<Doc, unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export interface KindDocumentStoreDeps<Doc> {
  /** Where committed versions go: whole files, per-task files or PostgreSQL rows. */
  persistence: KindPersistence<Doc>;
  events: EventSink;
  onWriteError?: (error: unknown, kind: DocumentKind) => void;
  /** `doc` at `version`; a spread copy by default (tasks keep their list: `tasksAtVersion`). */
  atVersion?: (doc: Doc, version: number) => Doc;
}

/**
 * One kind's document and its single writer. Mutations queue up and run one after another
 * against the latest state, so read-check-write can never interleave; mutations that queued
 * while a write was in flight are applied in order and saved by one atomic replace (group
 * commit). Memory changes only after the file is durable, so a failed write changes nothing.
 */
export class KindDocumentStore<Doc extends { version: number }> {
  #doc: Doc;
  #etag: { version: number; value: string } | undefined;
  #pending: Pending<Doc>[] = [];
  #draining = false;

  constructor(
    readonly kind: DocumentKind,
    initial: Doc,
    private readonly deps: KindDocumentStoreDeps<Doc>,
  ) {
    this.#doc = initial;
  }

  /** The committed document; treat it as read-only. */
  get doc(): Doc {
    return this.#doc;
  }

  /**
   * Takes a document another replica committed (the PostgreSQL backend catching up between
   * writes); a version this store already has or has passed is ignored.
   */
  adopt(doc: Doc): void {
    if (doc.version > this.#doc.version) this.#doc = doc;
  }

  /** The document ETag, computed lazily once per version (hashing a big board is not free). */
  get etag(): string {
    if (this.#etag?.version !== this.#doc.version) {
      this.#etag = { version: this.#doc.version, value: strongEtag(this.#doc.version, this.#doc) };
    }
    return this.#etag.value;
  }

  /** Runs `mutation` in this kind's writer queue; resolves once the change and its events are durable. */
  update<Result>(mutation: Mutation<Doc, Result>): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#pending.push({
        mutation,
        resolve: (value) => resolve(value as Result),
        reject,
      });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0);
        // A bug past the per-mutation guards must fail its callers, not leave them hanging.
        await this.#commit(batch).catch((error: unknown) => {
          for (const pending of batch) pending.reject(error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  #atVersion(doc: Doc, version: number): Doc {
    return this.deps.atVersion ? this.deps.atVersion(doc, version) : { ...doc, version };
  }

  async #commit(batch: Pending<Doc>[]): Promise<void> {
    let decided: { pending: Pending<Doc>; change: DocumentChange<Doc, unknown> }[] = [];
    let draft = this.#doc;
    // The persistence calls `decide` once, against the latest committed document (another
    // replica may have written since), and saves the draft when it differs from that document.
    const decide = (latest: Doc): Doc => {
      decided = [];
      draft = latest;
      for (const pending of batch) {
        try {
          const change = pending.mutation(draft);
          if (change.next) draft = this.#atVersion(change.next, draft.version + 1);
          decided.push({ pending, change });
        } catch (error) {
          pending.reject(error);
        }
      }
      return draft;
    };
    try {
      this.#doc = await this.deps.persistence.commit(this.#doc, decide);
    } catch (error) {
      this.deps.onWriteError?.(error, this.kind);
      const failure = new AppError(
        'unavailable',
        `The ${this.kind} store could not save the change, so nothing was changed: ${describe(error)}`,
      );
      for (const { pending } of decided) pending.reject(failure);
      return;
    }
    // Append in commit order, synchronously one after another, so the event log's order is the
    // order in which the changes were made; each caller then waits for its own events.
    for (const { pending, change } of decided) {
      const appends = (change.events ?? []).map((event) => this.deps.events.append(event));
      Promise.all(appends).then(
        () => pending.resolve(change.result),
        (error: unknown) =>
          pending.reject(
            new AppError(
              'unavailable',
              `The ${this.kind} change was saved (version ${draft.version}) but its event could not be recorded: ${describe(error)}`,
            ),
          ),
      );
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
