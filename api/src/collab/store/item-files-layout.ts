import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';
import type { FileWriter } from './atomic-file-writer.ts';

/**
 * Where one kind lives in the item-files layout (docs/adr/0017):
 *
 *     state/<kind>/manifest.json        the last checkpoint: its version, its first live log
 *                                       segment and the order of the items
 *     state/<kind>/items/<id>.json      one document per item, as of that checkpoint or later
 *     state/<kind>/log/<n>.jsonl        the state log: one line per commit since the checkpoint
 */
export interface ItemFilesLayout {
  dir: string;
  manifest: string;
  itemsDir: string;
  logDir: string;
  itemFileName(id: string): string;
  segmentFile(segment: number): string;
}

export function itemFilesLayout(dir: string): ItemFilesLayout {
  const logDir = path.join(dir, 'log');
  return {
    dir,
    manifest: path.join(dir, 'manifest.json'),
    itemsDir: path.join(dir, 'items'),
    logDir,
    itemFileName(id) {
      // Ids are schema-checked before they get here; this keeps a bad one from leaving the folder.
      if (!SAFE_ID.test(id)) throw new Error(`${id} cannot name an item file`);
      return `${id}.json`;
    },
    segmentFile: (segment) => path.join(logDir, `${String(segment).padStart(8, '0')}.jsonl`),
  };
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SEGMENT_NAME = /^(\d{8,})\.jsonl$/;

export const ManifestSchema = z.strictObject({
  format: z.literal(1),
  /** The document version the item files hold at least. */
  version: z.number().int().nonnegative(),
  /** The first log segment whose records may be newer than the item files. */
  log: z.number().int().positive(),
  order: z.array(z.string()),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export async function readManifest(layout: ItemFilesLayout): Promise<Manifest | undefined> {
  const text = await readFileIfPresent(layout.manifest);
  if (text === undefined) return undefined;
  const parsed = ManifestSchema.safeParse(parseJson(layout.manifest, text));
  if (!parsed.success) {
    throw new CollabStoreCorruptError(
      layout.manifest,
      `is not a manifest (${parsed.error.message})`,
    );
  }
  return parsed.data;
}

/** The commit point of a checkpoint or a migration: atomic, and durable when it resolves. */
export function writeManifest(
  layout: ItemFilesLayout,
  manifest: Manifest,
  writer: FileWriter,
): Promise<void> {
  return writer.replace(layout.manifest, `${JSON.stringify(manifest)}\n`);
}

/** Writes each item to its own file, atomically, and makes the batch durable before resolving. */
export function writeItemFiles(
  layout: ItemFilesLayout,
  items: readonly { id: string }[],
  writer: FileWriter,
): Promise<void> {
  const files = items.map((item) => ({
    name: layout.itemFileName(item.id),
    content: `${JSON.stringify(item, null, 2)}\n`,
  }));
  return writer.replaceMany(layout.itemsDir, files);
}

/** Reads the item files named by `ids`, in that order, a few at a time. */
export async function readItemFiles(layout: ItemFilesLayout, ids: readonly string[]) {
  const items: unknown[] = new Array(ids.length);
  let next = 0;
  const reader = async () => {
    for (let i = next; i < ids.length; i = next) {
      next += 1;
      const file = path.join(layout.itemsDir, layout.itemFileName(ids[i] ?? ''));
      const text = await readFileIfPresent(file);
      if (text === undefined) {
        throw new CollabStoreCorruptError(file, 'is missing, yet the manifest lists it');
      }
      items[i] = parseJson(file, text);
    }
  };
  await Promise.all(Array.from({ length: 32 }, reader));
  return items;
}

/** The numbers of the log segments on disk, ascending. */
export async function listSegments(layout: ItemFilesLayout): Promise<number[]> {
  const entries = await readdir(layout.logDir);
  return entries
    .map((entry) => SEGMENT_NAME.exec(entry)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Removes the temp files (`.<name>.<pid>.<random>.tmp`) a crash left in the items folder and beside the manifest. */
export async function removeLeftoverTempFiles(layout: ItemFilesLayout): Promise<void> {
  for (const dir of [layout.dir, layout.itemsDir]) {
    const entries = await readdir(dir);
    const leftovers = entries.filter((entry) => entry.startsWith('.') && entry.endsWith('.tmp'));
    await Promise.all(leftovers.map((entry) => rm(path.join(dir, entry), { force: true })));
  }
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CollabStoreCorruptError(file, `not valid JSON (${(error as Error).message})`);
  }
}

export async function readFileIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
