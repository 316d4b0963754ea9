import type { Document, Hocuspocus } from "@hocuspocus/server";
import type * as Y from "yjs";

/** The transaction origin of the server's own writes (Hocuspocus' "local" origin). */
type DirectConnection = Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>;

const SERVER_ORIGIN = { source: "local", context: { server: "discussion" } } as const;

/** The user a server write is made for: the durable log records it as that user's change. */
export interface WriteAuthor {
  userId: string;
  delegation: string;
}

/**
 * Writes documents as the server, through Hocuspocus direct connections: the
 * document is loaded if it is not in memory, and every change goes through its
 * update callback, which PersistenceExtension wraps to append it to the
 * durable log before Hocuspocus broadcasts it to the connected clients.
 * It has the shape of the API's `DocumentWriter`.
 */
export class DiscussionWriter {
  constructor(private readonly hocuspocus: Hocuspocus) {}

  async write<T>(documentNames: readonly string[], change: (docs: Y.Doc[]) => T, author?: WriteAuthor): Promise<T> {
    const connections: DirectConnection[] = [];
    try {
      for (const name of documentNames) {
        connections.push(await this.hocuspocus.openDirectConnection(name, SERVER_ORIGIN.context));
      }
      const docs = connections.map((connection) => {
        if (!connection.document) throw new Error("direct connection closed before the write");
        return connection.document;
      });
      // Everything from here to the end of `change` is synchronous: no client
      // message is handled in between, so what `change` checks is what it changes.
      return transactAll(docs, () => change(docs), author ? { ...SERVER_ORIGIN, author } : SERVER_ORIGIN);
    } finally {
      // Kept warm: the debounced store unloads the document later if nobody is connected.
      await Promise.all(connections.map((connection) => connection.disconnect({ unloadImmediately: false })));
    }
  }
}

function transactAll<T>(docs: Document[], run: () => T, origin: object): T {
  const [first, ...rest] = docs;
  if (!first) return run();
  let result: T | undefined;
  let done = false;
  first.transact(() => {
    result = transactAll(rest, run, origin);
    done = true;
  }, origin);
  if (!done) throw new Error("transaction did not run");
  return result as T;
}
