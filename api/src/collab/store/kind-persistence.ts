import type { FileWriter } from './atomic-file-writer.ts';

/**
 * Where one kind's committed versions are kept. `commit` hands `decide` the latest committed
 * document (a shared backend first catches up with other writers and holds them off until it
 * returns), saves what `decide` returns when it differs from that document, and resolves with the
 * document now committed. It calls `decide` exactly once, and changes nothing if it rejects.
 */
export interface KindPersistence<Doc> {
  commit(committed: Doc, decide: (latest: Doc) => Doc): Promise<Doc>;
}

/** The whole document in one file, replaced atomically on every change. */
export function wholeDocumentFile<Doc>(file: string, writer: FileWriter): KindPersistence<Doc> {
  return {
    async commit(committed, decide) {
      const draft = decide(committed);
      if (draft !== committed) await writer.replace(file, `${JSON.stringify(draft, null, 2)}\n`);
      return draft;
    },
  };
}
