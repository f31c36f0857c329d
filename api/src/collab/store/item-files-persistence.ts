import { rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, type FileWriter } from './atomic-file-writer.ts';
import { diffItems, type Item } from './item-change.ts';
import {
  writeItemFiles,
  writeManifest,
  type ItemFilesLayout,
  type Manifest,
} from './item-files-layout.ts';
import type { KindPersistence } from './kind-persistence.ts';
import { StateLogSegment } from './state-log.ts';

/** How a kind's document holds its items, and how to put one back together. */
export interface ItemKind<Doc extends { version: number }, T extends Item> {
  items: (doc: Doc) => readonly T[];
  document: (version: number, items: T[]) => Doc;
  /** The items `after` put, without looking at every item; undefined when it cannot tell. */
  changedItems?: (before: Doc, after: Doc) => T[] | undefined;
}

export interface ItemFilesState {
  manifest: Manifest;
  /** The last live segment, open for appending. */
  segment: StateLogSegment;
  segmentNumber: number;
  /** Items put by the live segments: the next checkpoint writes their files. */
  dirty: Set<string>;
  /** Whether a live segment removed or reordered items (their files go after the checkpoint). */
  orderChanged: boolean;
}

export interface ItemFilesPersistenceOptions<Doc extends { version: number }, T extends Item> {
  layout: ItemFilesLayout;
  kind: ItemKind<Doc, T>;
  writer: FileWriter;
  /** A checkpoint starts once the open segment holds this many bytes. */
  checkpointBytes: number;
  onCheckpointError: (error: unknown) => void;
}

/**
 * A kind kept as one file per item plus an append-only state log (docs/adr/0017). The order of
 * writes is what makes a SIGKILL at any instant lose no acknowledged commit and tear nothing:
 *
 * 1. A commit appends one line `{"v":<version>,"put":[changed items],"order"?:[ids]}` to the open
 *    segment and fsyncs it; only then does the store change memory and answer. A batch of
 *    concurrent mutations (group commit) is one line and one fsync, whatever the board's size.
 * 2. Once the segment holds `checkpointBytes`, the next segment is created and its folder fsynced
 *    before any line goes into it; the commits after that go there.
 * 3. In the background, a checkpoint writes the files of the items put since the last one (temp
 *    file, fsync, rename each; one fsync of the folder), as of the version where the segment
 *    was closed.
 * 4. Then it replaces `manifest.json` atomically with that version, the new segment's number and
 *    the order of the items: the checkpoint's commit point.
 * 5. Only after that are the segments before it and the files of removed items deleted.
 *
 * Recovery (`openItemFiles`) loads the items the manifest lists and replays every segment from its
 * `log` on. An item file may be newer than the manifest (a checkpoint died between 3 and 4), but
 * every change newer than the manifest is also in a segment it still keeps, and replay overwrites
 * whole items, so the result is the same. A torn last line was never acknowledged and is cut off.
 */
export class ItemFilesPersistence<
  Doc extends { version: number },
  T extends Item,
> implements KindPersistence<Doc> {
  #state: ItemFilesState;
  #checkpoint: Promise<void> | undefined;

  constructor(
    private readonly options: ItemFilesPersistenceOptions<Doc, T>,
    state: ItemFilesState,
  ) {
    this.#state = state;
  }

  async commit(committed: Doc, decide: (latest: Doc) => Doc): Promise<Doc> {
    const draft = decide(committed);
    if (draft === committed) return committed;
    const { kind } = this.options;
    const put = kind.changedItems?.(committed, draft);
    const change = put ? { put } : diffItems(kind.items(committed), kind.items(draft));
    const state = this.#state;
    await state.segment.append(`${JSON.stringify({ v: draft.version, ...change })}\n`);
    for (const item of change.put) state.dirty.add(item.id);
    if (change.order) state.orderChanged = true;
    if (state.segment.size >= this.options.checkpointBytes && !this.#checkpoint) {
      // The commit is durable already: a failure from here on only delays the checkpoint.
      await this.#startCheckpoint(draft).catch((error: unknown) =>
        this.options.onCheckpointError(error),
      );
    }
    return draft;
  }

  /** Resolves once no checkpoint is running (tests, shutdown). */
  async settled(): Promise<void> {
    await this.#checkpoint;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.#state.segment.close();
  }

  /** Step 2, then steps 3–5 in the background; `doc` is the version the closed segment ends at. */
  async #startCheckpoint(doc: Doc): Promise<void> {
    const { layout, writer } = this.options;
    const state = this.#state;
    const next = state.segmentNumber + 1;
    const segment = await StateLogSegment.open(layout.segmentFile(next), 0, writer);
    try {
      await syncDirectory(layout.logDir);
    } catch (error) {
      await segment.close();
      throw error;
    }
    const closed = state.segment;
    const { dirty, orderChanged } = state;
    Object.assign(state, { segment, segmentNumber: next, dirty: new Set(), orderChanged: false });
    await closed.close();
    this.#checkpoint = this.#writeCheckpoint(doc, next, dirty, orderChanged)
      .catch((error: unknown) => {
        // Everything stays in the log; the next checkpoint writes these items too.
        for (const id of dirty) this.#state.dirty.add(id);
        this.#state.orderChanged ||= orderChanged;
        this.options.onCheckpointError(error);
      })
      .finally(() => {
        this.#checkpoint = undefined;
      });
  }

  async #writeCheckpoint(
    doc: Doc,
    firstLive: number,
    dirty: Set<string>,
    orderChanged: boolean,
  ): Promise<void> {
    const { layout, kind, writer } = this.options;
    const items = kind.items(doc);
    const changed = dirty.size === 0 ? [] : items.filter((item) => dirty.has(item.id));
    await writeItemFiles(layout, changed, writer);
    const previous = this.#state.manifest;
    const manifest: Manifest = {
      format: 1,
      version: doc.version,
      log: firstLive,
      order: items.map((item) => item.id),
    };
    await writeManifest(layout, manifest, writer);
    this.#state.manifest = manifest;
    await removeObsoleteFiles(layout, previous, manifest, orderChanged);
  }
}

/** Step 5: segments the manifest no longer needs, and files of items it no longer lists. */
async function removeObsoleteFiles(
  layout: ItemFilesLayout,
  previous: Manifest,
  current: Manifest,
  orderChanged: boolean,
): Promise<void> {
  for (let segment = previous.log; segment < current.log; segment += 1) {
    await rm(layout.segmentFile(segment), { force: true });
  }
  if (!orderChanged) return;
  const kept = new Set(current.order);
  for (const id of previous.order.filter((each) => !kept.has(each))) {
    await rm(path.join(layout.itemsDir, layout.itemFileName(id)), { force: true });
  }
}
