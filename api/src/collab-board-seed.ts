// A public entry of the API (`@kyros/api/collab-board-seed`, package.json `exports`): writes a
// board in the collaboration store's layout before the API starts (bench:collab seeds 100,000
// tasks this way). Only a directory no API has open may be seeded.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import { atomicFileWriter, type FileWriter } from './collab/store/atomic-file-writer.ts';
import { itemFilesLayout } from './collab/store/item-files-layout.ts';
import { migrateWholeDocument } from './collab/store/migrate-whole-document.ts';

/**
 * Writes `board` as `state/tasks/` through the store's own migration, with a writer that skips
 * the fsyncs (the page cache serves a reader that starts before any crash), so 100,000 tasks take
 * seconds, not minutes. Resolves with the bytes of the item files.
 */
export async function seedTasksBoard(collabDir: string, board: TasksDocument): Promise<number> {
  const layout = itemFilesLayout(path.join(collabDir, 'state', 'tasks'));
  await mkdir(layout.itemsDir, { recursive: true });
  await mkdir(layout.logDir, { recursive: true });
  let bytes = 0;
  const writer: FileWriter = {
    ...atomicFileWriter,
    async replaceMany(dir, files) {
      for (let i = 0; i < files.length; i += 64) {
        const chunk = files.slice(i, i + 64);
        await Promise.all(
          chunk.map(({ name, content }) => writeFile(path.join(dir, name), content)),
        );
        for (const { content } of chunk) bytes += Buffer.byteLength(content);
      }
    },
  };
  await migrateWholeDocument({
    layout,
    loadLegacy: () => Promise.resolve(board),
    items: (d) => d.tasks,
    writer,
  });
  return bytes;
}
