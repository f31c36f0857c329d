import { rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, type FileWriter } from './atomic-file-writer.ts';
import type { Item } from './item-change.ts';
import {
  writeItemFiles,
  writeManifest,
  type ItemFilesLayout,
  type Manifest,
} from './item-files-layout.ts';

export interface MigrationOptions<Doc extends { version: number }, T extends Item> {
  layout: ItemFilesLayout;
  /**
   * Reads and validates the whole-document file of the layout before ADR 0017
   * (`state/<kind>.json`); the empty document when it does not exist.
   */
  loadLegacy: () => Promise<Doc>;
  items: (doc: Doc) => readonly T[];
  writer: FileWriter;
}

/**
 * Creates a kind's item files from its whole-document file, or from nothing. Crash-safe because
 * the manifest is the commit point: every item file is written and made durable first, then the
 * manifest; only after that is the old file removed ({@link removeMigratedFile}). A kill before the
 * manifest leaves the old file in charge and the next start redoes the migration, overwriting
 * the files it had written; a kill after it finds the manifest and only removes the old file.
 */
export async function migrateWholeDocument<Doc extends { version: number }, T extends Item>(
  options: MigrationOptions<Doc, T>,
): Promise<Manifest> {
  const { layout, writer } = options;
  const doc = await options.loadLegacy();
  const items = options.items(doc);
  await writeItemFiles(layout, items, writer);
  const manifest: Manifest = {
    format: 1,
    version: doc.version,
    log: 1,
    order: items.map((item) => item.id),
  };
  await writeManifest(layout, manifest, writer);
  return manifest;
}

/** Removes a migrated whole-document file, durably; a no-op once it is gone. */
export async function removeMigratedFile(legacyFile: string): Promise<void> {
  try {
    await rm(legacyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await syncDirectory(path.dirname(legacyFile));
}
