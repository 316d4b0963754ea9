import { clearDocument, IndexeddbPersistence } from "y-indexeddb";
import type * as Y from "yjs";

/**
 * The on-device copy of one section document (IndexedDB, via y-indexeddb), so
 * that text typed while offline survives a reload of the tab and reaches the
 * server when the connection returns.
 *
 * Besides the Yjs updates it remembers two facts in the store's key-value part:
 * whether it holds edits the server has not acknowledged (`pending`), which
 * drives "Offline — changes kept on this device" even after a reload, and
 * whether the server last let this user write (`writable`), so an offline
 * reload can go on editing.
 */
export class LocalStore {
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private unflushed = 0;

  private constructor(
    private readonly persistence: IndexeddbPersistence,
    private _pending: boolean,
    private _writable: boolean,
    private _syncedAt: number | null,
  ) {}

  /**
   * Opens (or creates) the store `name` for `doc` and applies what it holds to
   * the document before resolving, so the provider that follows announces the
   * local state to the server in its first sync.
   */
  static async open(name: string, doc: Y.Doc): Promise<LocalStore> {
    const persistence = new IndexeddbPersistence(name, doc);
    await persistence.whenSynced;
    const [pending, writable, syncedAt] = await Promise.all([
      persistence.get(Keys.pending).catch(() => undefined),
      persistence.get(Keys.writable).catch(() => undefined),
      persistence.get(Keys.syncedAt).catch(() => undefined),
    ]);
    return new LocalStore(persistence, pending === 1, writable === 1, typeof syncedAt === "number" ? syncedAt : null);
  }

  /**
   * Deletes every store of this user on this device (sign-out on a shared
   * computer). Browsers without `indexedDB.databases()` keep them.
   */
  static async clearAllOf(userId: string): Promise<void> {
    const names = await storeNamesOf(userId);
    await Promise.all(names.map((name) => LocalStore.clear(name)));
  }

  /** How many of this user's stores on this device hold edits the server has not acknowledged. */
  static async countPendingOf(userId: string): Promise<number> {
    const names = await storeNamesOf(userId);
    const pending = await Promise.all(names.map((name) => readCustomKey(name, Keys.pending)));
    return pending.filter((value) => value === 1).length;
  }

  /**
   * Deletes the store `name`. An open connection to it must be closed first
   * (`discard`), otherwise the deletion waits for it; a store opened after
   * this call starts empty, since IndexedDB runs the two requests in order.
   */
  static async clear(name: string): Promise<void> {
    await clearDocument(name).catch(() => undefined);
  }

  /** The origin y-indexeddb uses for updates it applies from the device. */
  get origin(): unknown {
    return this.persistence;
  }

  get name(): string {
    return this.persistence.name;
  }

  /** Whether the device holds edits the server has not acknowledged. */
  get pending(): boolean {
    return this._pending;
  }

  /** When this copy last matched what the server sent (ms since the epoch), or null if it never did. */
  get syncedAt(): number | null {
    return this._syncedAt;
  }

  /** The copy holds the server's text as of `at`. */
  markSynced(at: number): void {
    if (this.closed) return;
    this._syncedAt = at;
    void this.persistence.set(Keys.syncedAt, at).catch(() => undefined);
  }

  /** Whether the server let this user write the last time it answered. */
  get writable(): boolean {
    return this._writable;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Whether every local edit so far has reached IndexedDB. y-indexeddb writes
   * each update in a transaction of its own and says nothing when it is done,
   * so until then "kept on this device" would be a promise, not a fact.
   */
  get stored(): boolean {
    return this.unflushed === 0;
  }

  /** A local edit was made: it is on its way to the device, not yet on the server. */
  markPending(): void {
    this.setPending(true);
    this.unflushed += 1;
    const seen = this.unflushed;
    if (seen === 1) this.emit();
    void this.flushed().then(() => {
      // Only the latest edit's confirmation covers all the earlier ones.
      if (this.unflushed !== seen) return;
      this.unflushed = 0;
      this.emit();
    });
  }

  /**
   * Resolves once the writes made so far are committed: IndexedDB runs
   * read-write transactions on one store in the order they were created, and
   * y-indexeddb created the write for the edit before we were told of it.
   */
  private flushed(): Promise<void> {
    const db = (this.persistence as unknown as { db: IDBDatabase | null }).db;
    if (!db || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        const transaction = db.transaction(["updates"], "readwrite");
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => resolve();
        transaction.onabort = () => resolve();
      } catch {
        resolve();
      }
    });
  }

  /** The server acknowledged everything this device had sent. */
  markSaved(): void {
    this.setPending(false);
  }

  setWritable(writable: boolean): void {
    if (this.closed || this._writable === writable) return;
    this._writable = writable;
    void this.persistence.set(Keys.writable, writable ? 1 : 0).catch(() => undefined);
  }

  /** Stops recording; what is stored stays for the next visit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.persistence.destroy().catch(() => undefined);
  }

  /**
   * Stops recording and deletes everything stored, unsynced edits included:
   * used when the user may no longer write this section, so edits the server
   * never accepted can never be merged later.
   */
  async discard(): Promise<void> {
    const wasPending = this._pending;
    this._pending = false;
    if (wasPending) this.emit();
    await this.close();
    await LocalStore.clear(this.persistence.name);
  }

  private setPending(pending: boolean): void {
    if (this.closed || this._pending === pending) return;
    this._pending = pending;
    // IndexedDB runs transactions on one store in the order they were made, so
    // a later "saved" can never be overtaken by an earlier "pending".
    void this.persistence.set(Keys.pending, pending ? 1 : 0).catch(() => undefined);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

async function storeNamesOf(userId: string): Promise<string[]> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return [];
  const prefix = localStoreName(userId, "");
  const databases = await indexedDB.databases().catch(() => []);
  return databases
    .map((database) => database.name)
    .filter((name): name is string => typeof name === "string" && name.startsWith(prefix));
}

/** Reads one of y-indexeddb's custom keys without loading the document. */
function readCustomKey(name: string, key: string): Promise<unknown> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onerror = () => resolve(undefined);
    // Opening a name that is gone would create an empty database: abort that.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      const db = request.result;
      try {
        const read = db.transaction("custom").objectStore("custom").get(key);
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      } finally {
        db.close();
      }
    };
  });
}

const Keys = {
  pending: "plenary:pending",
  writable: "plenary:writable",
  syncedAt: "plenary:syncedAt",
} as const;

/**
 * The IndexedDB database of one document for one user: two accounts signed in
 * one after the other on the same browser never read each other's copy.
 */
export function localStoreName(userId: string, documentName: string): string {
  return `plenary:${userId}:${documentName}`;
}

/**
 * The device's read copy of a document the user may read but not write: the
 * server's text as last received, shown on an offline reload. Kept apart from
 * the writable copy so that it never holds an edit of the user's.
 */
export function readCopyName(userId: string, documentName: string): string {
  return `${localStoreName(userId, documentName)}:read`;
}
