import type * as Y from "yjs";

/** The user a server write is made for: the durable log records it as that user's change. */
export interface WriteAuthor {
  userId: string;
  delegation: string;
}

/**
 * Whom the log records a section write as: a user, or one read from the
 * loaded documents just before the change (an accepted proposal's words are
 * its proposer's, named in its thread). Undefined: nobody (unknown).
 */
export type AuthorOfWrite = WriteAuthor | ((docs: Y.Doc[]) => WriteAuthor | undefined);

/** What a prepared write does to the documents: synchronous, in one Yjs transaction per document. */
export type ApplyChange<T> = () => T;

/**
 * Writes Yjs documents as the server. Implemented over Hocuspocus in collab/;
 * commands only need this.
 */
export interface DocumentWriter {
  /**
   * Loads the named documents if needed and holds them: no client update
   * lands on them until the write is over. `prepare` reads them, decides (and
   * throws, if it refuses) and commits its rows; what it returns then changes
   * the documents, synchronously, in one transaction per document. Whatever
   * that writes is durable before anyone sees it and before `write` resolves.
   * Yjs cannot roll a change back: deciding and committing come first, the
   * document change last.
   */
  write<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<ApplyChange<T>>,
    author?: AuthorOfWrite,
  ): Promise<T>;
}

/** The updates a durable change gives its documents (null: that one is unchanged), and its answer. */
export interface PreparedUpdates<T> {
  value: T;
  updates: readonly (Uint8Array | null)[];
}

/**
 * Writes Yjs documents with changes that must be durable together with rows,
 * all or nothing (a whole-draft restore and its audit entry).
 */
export interface DurableDocumentWriter {
  /**
   * Loads the named documents if needed and holds them, then calls `prepare`
   * once with them: no client update can land before the writer applies what
   * it returns. `prepare` must not change the documents: it computes one
   * update per document and makes them durable itself, in the transaction of
   * its rows (`stores.documents.append`). Only once `prepare` has returned are
   * the updates applied to the live documents (which broadcasts them) without
   * being logged a second time. If `prepare` throws, no document changed.
   */
  applyDurable<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<PreparedUpdates<T>>,
  ): Promise<T>;
}
