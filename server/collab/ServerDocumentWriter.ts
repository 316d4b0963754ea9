import type { Document, Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import { type DocumentKind, DocumentKinds, documentNamePrefix } from "../../shared/documentNames.ts";
import type { DocumentGates } from "./DocumentGates.ts";

/** The user a server write is made for: the durable log records it as that user's change. */
export interface WriteAuthor {
  userId: string;
  delegation: string;
}

/** Whom a write is recorded as, given or read from the loaded documents (see the commands' `AuthorOfWrite`). */
export type AuthorOfWrite = WriteAuthor | ((docs: Y.Doc[]) => WriteAuthor | undefined);

/** The shape of the commands' `DocumentWriter` (collab does not import commands). */
export interface DocumentWriter {
  write<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<() => T>,
    author?: AuthorOfWrite,
  ): Promise<T>;
}

/** The shape of the commands' `DurableDocumentWriter`. */
export interface DurableDocumentWriter {
  applyDurable<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<{ value: T; updates: readonly (Uint8Array | null)[] }>,
  ): Promise<T>;
}

/** What holds documents against client updates, and says when the server's own updates are stored. */
export interface DocumentHold {
  readonly gates: DocumentGates;
  stored(documentName: string): Promise<void>;
}

/**
 * Marks a transaction origin whose update the command already appended to the
 * durable log: PersistenceExtension must not append it again.
 */
export const ALREADY_DURABLE = "alreadyDurable";

/** The transaction origin of the server's own writes (Hocuspocus' "local" origin). */
type DirectConnection = Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>;

/**
 * Writes documents of the kinds it was made for as the server, through
 * Hocuspocus direct connections: the document is loaded if it is not in
 * memory, and every change goes through its update callback, which
 * PersistenceExtension wraps to append it to the durable log before
 * Hocuspocus broadcasts it to the connected clients. A name of another kind
 * is refused before anything is loaded, so each writer touches only its own
 * documents.
 */
class ServerDocumentWriter implements DocumentWriter, DurableDocumentWriter {
  private readonly origin: { source: "local"; context: { server: string } };

  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly hold: DocumentHold,
    label: string,
    private readonly kinds: readonly DocumentKind[],
  ) {
    this.origin = { source: "local", context: { server: label } };
  }

  async write<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<() => T>,
    author?: AuthorOfWrite,
  ): Promise<T> {
    return this.withDocuments(documentNames, async (docs) => {
      const apply = await prepare(docs);
      // The documents are still held: the author read here is the one of what it writes.
      const as = typeof author === "function" ? author(docs) : author;
      return transactAll(docs, apply, as ? { ...this.origin, author: as } : this.origin);
    });
  }

  async applyDurable<T>(
    documentNames: readonly string[],
    prepare: (docs: Y.Doc[]) => Promise<{ value: T; updates: readonly (Uint8Array | null)[] }>,
  ): Promise<T> {
    return this.withDocuments(documentNames, async (docs) => {
      // Held from `prepare` to the last apply: the documents are exactly the
      // states `prepare` computed its updates against.
      const { value, updates } = await prepare(docs);
      const origin = { ...this.origin, [ALREADY_DURABLE]: true };
      for (const [index, doc] of docs.entries()) {
        const update = updates[index];
        if (update) Y.applyUpdate(doc, update, origin);
      }
      return value;
    });
  }

  /**
   * Opens the documents (loading them if needed) and holds them against
   * client updates while `use` runs and until what it wrote is stored; then
   * lets them go.
   */
  private async withDocuments<T>(documentNames: readonly string[], use: (docs: Document[]) => Promise<T>): Promise<T> {
    for (const name of documentNames) {
      if (!this.kinds.some((kind) => name.startsWith(documentNamePrefix(kind)))) {
        throw new Error(`the ${this.origin.context.server} writer does not write ${name}`);
      }
    }
    const connections: DirectConnection[] = [];
    let release: (() => void) | null = null;
    try {
      for (const name of documentNames) {
        connections.push(await this.hocuspocus.openDirectConnection(name, this.origin.context));
      }
      release = await this.hold.gates.exclusive(documentNames);
      const docs = connections.map((connection) => {
        if (!connection.document) throw new Error("direct connection closed before the write");
        return connection.document;
      });
      const result = await use(docs);
      await Promise.all(documentNames.map((name) => this.hold.stored(name)));
      return result;
    } finally {
      release?.();
      // Kept warm: the debounced store unloads the document later if nobody is connected.
      await Promise.all(connections.map((connection) => connection.disconnect({ unloadImmediately: false })));
    }
  }
}

/** Threads and comments: the `discussion:<draftId>` documents only. */
export function discussionWriter(hocuspocus: Hocuspocus, hold: DocumentHold): DocumentWriter {
  return new ServerDocumentWriter(hocuspocus, hold, "discussion", [DocumentKinds.discussion]);
}

/** Section texts (version restore, bracket resolution): the `section:<id>` documents only. */
export function sectionWriter(hocuspocus: Hocuspocus, hold: DocumentHold): DocumentWriter & DurableDocumentWriter {
  return new ServerDocumentWriter(hocuspocus, hold, "section", [DocumentKinds.section]);
}

/**
 * Accepting a proposal: its thread and its section's text change in one
 * synchronous step, so a second acceptance can never apply it twice.
 */
export function proposalWriter(hocuspocus: Hocuspocus, hold: DocumentHold): DocumentWriter {
  return new ServerDocumentWriter(hocuspocus, hold, "proposal", [DocumentKinds.discussion, DocumentKinds.section]);
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
