import type * as Y from "yjs";

/** The user a server write is made for: the durable log records it as that user's change. */
export interface WriteAuthor {
  userId: string;
  delegation: string;
}

/**
 * Writes Yjs documents as the server. Implemented over Hocuspocus in collab/;
 * commands only need this.
 */
export interface DocumentWriter {
  /**
   * Loads the named documents if needed, then calls `change` once with them,
   * synchronously, inside one transaction per document: no client update can
   * land between what `change` reads and what it writes. Whatever it writes
   * is durable before anyone sees it. `change` must decide (and throw, if it
   * refuses) before it writes anything: Yjs cannot roll a transaction back.
   */
  write<T>(documentNames: readonly string[], change: (docs: Y.Doc[]) => T, author?: WriteAuthor): Promise<T>;
}
