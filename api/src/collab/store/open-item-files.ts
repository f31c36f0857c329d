import { mkdir, rm } from 'node:fs/promises';
import { syncDirectory, type FileWriter } from './atomic-file-writer.ts';
import { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';
import { ItemReplay, type Item, type ItemChange } from './item-change.ts';
import {
  itemFilesLayout,
  listSegments,
  readItemFiles,
  readManifest,
  removeLeftoverTempFiles,
  type ItemFilesLayout,
  type Manifest,
} from './item-files-layout.ts';
import { ItemFilesPersistence, type ItemKind } from './item-files-persistence.ts';
import { migrateWholeDocument, removeMigratedFile } from './migrate-whole-document.ts';
import { cutTornTail, readSegment, StateLogSegment } from './state-log.ts';

export interface OpenItemFilesOptions<Doc extends { version: number }, T extends Item> {
  /** `state/<kind>`. */
  dir: string;
  /** `state/<kind>.json`, migrated on first start (see migrate-whole-document.ts). */
  legacyFile: string;
  loadLegacy: () => Promise<Doc>;
  kind: ItemKind<Doc, T>;
  /** Validates the document put together from the files; throws naming what is wrong. */
  parse(doc: Doc, where: string): Doc;
  writer: FileWriter;
  checkpointBytes: number;
  onCheckpointError: (error: unknown) => void;
  /** Told about a torn log tail that start-up cut off (it was never acknowledged). */
  onTornTail?(file: string, reason: string): void;
}

/**
 * Opens a kind kept as item files: migrates the whole-document file if there is no manifest yet,
 * loads the items the manifest lists, replays the live log segments over them and opens the last
 * one for appending. A crash left at most a torn last line (cut off) and temp files (removed).
 */
export async function openItemFiles<Doc extends { version: number }, T extends Item>(
  options: OpenItemFilesOptions<Doc, T>,
): Promise<{ doc: Doc; persistence: ItemFilesPersistence<Doc, T> }> {
  const layout = itemFilesLayout(options.dir);
  await mkdir(layout.itemsDir, { recursive: true });
  await mkdir(layout.logDir, { recursive: true });
  await removeLeftoverTempFiles(layout);
  const manifest =
    (await readManifest(layout)) ??
    (await migrateWholeDocument({ ...options, items: options.kind.items, layout }));
  await removeMigratedFile(options.legacyFile);
  const onDisk = await listSegments(layout);
  // Segments before the manifest's were replaced by its checkpoint, which died before deleting them.
  for (const stale of onDisk.filter((n) => n < manifest.log)) {
    await rm(layout.segmentFile(stale), { force: true });
  }
  const read = await readItemFilesDocument(layout, manifest, options.kind);
  const { last } = read;
  if (last.tornTail !== undefined) {
    options.onTornTail?.(last.file, last.tornTail);
    await cutTornTail(last.file, last.length);
  }
  const doc = options.parse(read.doc, layout.dir);
  const segment = await StateLogSegment.open(last.file, last.length, options.writer);
  if (!last.existed) await syncDirectory(layout.logDir);
  const persistence = new ItemFilesPersistence(
    {
      layout,
      kind: options.kind,
      writer: options.writer,
      checkpointBytes: options.checkpointBytes,
      onCheckpointError: options.onCheckpointError,
    },
    {
      manifest,
      segment,
      segmentNumber: last.number,
      dirty: read.dirty,
      orderChanged: read.orderChanged,
    },
  );
  return { doc, persistence };
}

interface LogRecord<T extends Item> extends ItemChange<T> {
  v: number;
}

/**
 * What a start would load, without changing a byte: the items the manifest lists with every live
 * segment replayed over them, the ids those segments put (the next checkpoint's work) and where
 * the last segment's whole lines end (a torn tail after that was never acknowledged).
 */
export async function readItemFilesDocument<Doc extends { version: number }, T extends Item>(
  layout: ItemFilesLayout,
  manifest: Manifest,
  kind: ItemKind<Doc, T>,
) {
  const replay = new ItemReplay((await readItemFiles(layout, manifest.order)) as T[]);
  const live = (await listSegments(layout)).filter((n) => n >= manifest.log);
  live.forEach((n, i) => {
    if (n !== manifest.log + i) {
      const missing = `segment ${manifest.log + i} is missing before it`;
      throw new CollabStoreCorruptError(layout.segmentFile(n), missing);
    }
  });
  let version = manifest.version;
  const dirty = new Set<string>();
  let orderChanged = false;
  const last = {
    number: live.at(-1) ?? manifest.log,
    file: layout.segmentFile(live.at(-1) ?? manifest.log),
    length: 0,
    tornTail: undefined as string | undefined,
    existed: live.length > 0,
  };
  for (const [i, n] of live.entries()) {
    const file = layout.segmentFile(n);
    const content = await readSegment(file);
    if (content.tornTail !== undefined && i !== live.length - 1) {
      throw new CollabStoreCorruptError(file, `${content.tornTail}, yet a later segment exists`);
    }
    for (const [line, record] of (content.records as LogRecord<T>[]).entries()) {
      if (!(Number.isInteger(record.v) && record.v > version && Array.isArray(record.put))) {
        const problem = `line ${line + 1} is not a commit after version ${version}`;
        throw new CollabStoreCorruptError(file, problem);
      }
      try {
        replay.apply(record);
      } catch (error) {
        throw new CollabStoreCorruptError(file, `line ${line + 1}: ${(error as Error).message}`);
      }
      version = record.v;
      for (const item of record.put) dirty.add(item.id);
      orderChanged ||= record.order !== undefined;
    }
    Object.assign(last, { length: content.goodLength, tornTail: content.tornTail });
  }
  return { doc: kind.document(version, replay.items), dirty, orderChanged, last };
}
